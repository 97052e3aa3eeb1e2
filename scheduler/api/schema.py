"""How drf-spectacular describes the strict request serializers in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiSerializerExtension


class StrictSerializerScheme(OpenApiSerializerExtension):
    """A request object of a `StrictSerializer` refuses keys it does not define: the schema says
    so (`additionalProperties: false`), so clients and fuzzers know an unknown key is a 400."""

    target_class = "classtime_site.api.StrictSerializer"  # the generation, schedule and account bodies
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema
