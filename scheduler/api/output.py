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
    course = serializers.CharField(help_text="The course's code, as `CS 2110`.")
    component = serializers.CharField(help_text="The component's kind, as `LEC`.")
    component_name = serializers.CharField(help_text="The component's name, as `Lecture`.")
    sections = ViableSectionSerializer(many=True, help_text="Every section of the component, by code.")


@extend_schema_field(ViabilityComponentSerializer(many=True, allow_null=True))
class ViabilityField(serializers.JSONField):
    """Per component of the requested courses, which sections can be in a valid schedule of the
    request (null until the job succeeds, and for jobs answered before this was added)."""


class GenerationJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This job's URL: GET it until `status` is finished.")
    viability = ViabilityField(
        read_only=True,
        help_text="Per component of the requested courses, which sections can be in a valid schedule of the "
        "request; null until the job succeeds, and for jobs answered before this was added.",
    )
    term = serializers.CharField(source="term.code", help_text="The term's code.")
    institution = serializers.CharField(source="term.institution.code", help_text="The term's institution's code.")
    reused = serializers.SerializerMethodField(
        help_text="True when an identical request on the same catalog version had already been answered: "
        "this job carries that answer and no engine ran."
    )

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
        extra_kwargs = {
            "id": {"help_text": "The job's id (a UUID)."},
            "status": {
                "help_text": "`queued` and `running` are not finished; `succeeded` (with `results`, or an "
                "`explanation` when nothing fits), `failed` (with `error`) and `cancelled` are."
            },
            "catalog_version": {
                "help_text": "The term's catalog version the job was answered on (a re-import raises it)."
            },
            "request": {"help_text": "The request as validated and normalised (course codes, ids sorted)."},
            "attempts": {"help_text": "How many times a worker started it (more than 1 after a worker was lost)."},
            "created_at": {"help_text": "When it was submitted."},
            "started_at": {
                "help_text": "When a worker first took it (kept if it is queued again after its worker was "
                "lost; for a reused answer, when it was answered); null before."
            },
            "finished_at": {"help_text": "When it finished; null until then."},
            "engine_ms": {
                "help_text": "Milliseconds the engine took to find and rank the schedules (the section check "
                "that fills `viability` is not counted); null until it succeeds."
            },
            "nodes": {"help_text": "Search nodes the engine explored; null until it succeeds."},
            "proven_optimal": {
                "help_text": "True: no schedule is better than those returned (exact strategy within its "
                "budget). False: the budget ran out or the beam strategy was asked for. Null until it succeeds."
            },
            "error": {"help_text": "Why it failed; empty otherwise."},
        }

    def get_url(self, job: GenerationJob) -> str:
        return reverse("generation-detail", args=[job.pk], request=self.context.get("request"))

    def get_reused(self, job: GenerationJob) -> bool:
        return job.reused_from_id is not None


class GenerationJobBriefSerializer(GenerationJobSerializer):
    """A job in the list of one's jobs: without its results and explanation (GET its url)."""

    class Meta(GenerationJobSerializer.Meta):
        fields = [f for f in GenerationJobSerializer.Meta.fields if f not in ("results", "explanation", "viability")]
        read_only_fields = fields
