"""How a generation job is shown."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from scheduler.models import GenerationJob


class GenerationJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
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
        ]
        read_only_fields = fields

    def get_url(self, job: GenerationJob) -> str:
        return reverse("generation-detail", args=[job.pk], request=self.context.get("request"))

    def get_reused(self, job: GenerationJob) -> bool:
        return job.reused_from_id is not None


class GenerationJobBriefSerializer(GenerationJobSerializer):
    """A job in the list of one's jobs: without its results and explanation (GET its url)."""

    class Meta(GenerationJobSerializer.Meta):
        fields = [f for f in GenerationJobSerializer.Meta.fields if f not in ("results", "explanation")]
        read_only_fields = fields
