"""How drf-spectacular describes the strict request serializers in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers


class StrictSerializerScheme(OpenApiSerializerExtension):
    """A request object of a `StrictSerializer` refuses keys it does not define: the schema says
    so (`additionalProperties: false`), so clients and fuzzers know an unknown key is a 400."""

    target_class = "classtime_site.api.StrictSerializer"  # the generation, schedule and account bodies
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        for name, field in self.target.fields.items():
            spec = schema.get("properties", {}).get(name)
            if spec is None:
                continue
            if getattr(field, "unique_items", False):  # a list refusing repeats (DaysField)
                spec["uniqueItems"] = True
            if isinstance(field, serializers.ListSerializer):  # drf-spectacular leaves out its bounds
                if field.min_length is not None:
                    spec["minItems"] = field.min_length
                if field.max_length is not None:
                    spec["maxItems"] = field.max_length
        return schema
