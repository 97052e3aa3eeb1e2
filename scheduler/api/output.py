"""How a generation job is shown."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from scheduler.models import GenerationJob


class ViableSectionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The section's registrar id.")
    code = serializers.CharField(help_text="The section's code within its course, as `001`.")
    viable = serializers.BooleanField(
        allow_null=True,
        help_text="True: some valid schedule of the request uses it; false: none does; null: not "
        "known within the engine's budget.",
    )


class ViabilityComponentSerializer(serializers.Serializer):
    course = serializers.CharField()
    component = serializers.CharField(help_text="The component's kind, as `LEC`.")
    component_name = serializers.CharField()
    sections = ViableSectionSerializer(many=True)


@extend_schema_field(ViabilityComponentSerializer(many=True, allow_null=True))
class ViabilityField(serializers.JSONField):
    """Per component of the requested courses, which sections can be in a valid schedule of the
    request (null until the job succeeds, and for jobs answered before this was added)."""


class GenerationJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    viability = ViabilityField(read_only=True)
    term = serializers.CharField(source="term.code")
    institution = serializers.CharField(source="term.institution.code")
    reused = serializers.SerializerMethodField()

    class Meta:
        model = GenerationJob
        fields = [
            "id",
            "url",
            "status",
            "institution",
            "term",
            "catalog_version",
            "request",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "engine_ms",
            "nodes",
            "proven_optimal",
            "reused",
            "error",
            "results",
            "explanation",
            "viability",
        ]
        read_only_fields = fields

    def get_url(self, job: GenerationJob) -> str:
        return reverse("generation-detail", args=[job.pk], request=self.context.get("request"))

    def get_reused(self, job: GenerationJob) -> bool:
        return job.reused_from_id is not None


class GenerationJobBriefSerializer(GenerationJobSerializer):
    """A job in the list of one's jobs: without its results and explanation (GET its url)."""

    class Meta(GenerationJobSerializer.Meta):
        fields = [f for f in GenerationJobSerializer.Meta.fields if f not in ("results", "explanation", "viability")]
        read_only_fields = fields
