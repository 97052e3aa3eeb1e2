"""Admin for saved schedules (users are Django's own admin)."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.response import TemplateResponse

from catalog.admin import TermListFilter
from classtime_site.admin_lookups import SecretFieldsAdmin
from scheduler import saved_schedules as saved
from scheduler.models import SavedSchedule, SavedScheduleSection, SectionWatch


class SavedScheduleSectionInline(admin.TabularInline):
    model = SavedScheduleSection
    extra = 0
    fields = ["section", "component", "snapshot", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # sections are chosen by students, through the validating service

    def get_queryset(self, request):
        # each row names its section and component by their course: read them with the rows
        return super().get_queryset(request).select_related("section__component__course", "component__course")


class SharedFilter(admin.SimpleListFilter):
    title = "shared"
    parameter_name = "shared"

    def lookups(self, request, model_admin):
        return [("yes", "Shared"), ("no", "Not shared")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(share_token__isnull=self.value() == "no")
        return queryset


class ChangesFilter(admin.SimpleListFilter):
    """Whether the registrar changed a saved section since it was saved or acknowledged
    (computed from the snapshots, in a fixed number of queries:
    `saved_schedule_ids_with_changes`)."""

    title = "has changes"
    parameter_name = "has_changes"

    def lookups(self, request, model_admin):
        return [("yes", "Has changes"), ("no", "No changes")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() not in ("yes", "no"):
            return queryset
        rows = SavedSchedule.all_objects.filter(pk__in=queryset.values("pk"))  # binned ones too
        changed = saved.saved_schedule_ids_with_changes(rows)
        return queryset.filter(pk__in=changed) if self.value() == "yes" else queryset.exclude(pk__in=changed)


class BinFilter(admin.SimpleListFilter):
    """Whether the owner deleted it: in the bin until restored or purged (docs/schedules.md)."""

    title = "in the bin"
    parameter_name = "binned"

    def lookups(self, request, model_admin):
        return [("yes", "In the bin"), ("no", "Not in the bin")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.binned()
        if self.value() == "no":
            return queryset.alive()
        return queryset


def token_shown(token: str | None, on: str, off: str) -> str:
    """A share or calendar token as staff see it: whether there is one and its last characters,
    to tell one link from another in a report, never the whole secret (with it, anyone reads the
    schedule or subscribes to it)."""
    return f"{on} (token ending …{token[-4:]})" if token else off


@admin.register(SavedSchedule)
class SavedScheduleAdmin(SecretFieldsAdmin, admin.ModelAdmin):
    # with either token anyone reads the schedule or subscribes to it: staff see its last characters only
    secret_fields = ("share_token", "calendar_token")
    list_display = ["name", "owner", "term", "shared", "subscribed", "deleted_at", "updated_at"]
    list_filter = [("term", TermListFilter), SharedFilter, ChangesFilter, BinFilter]
    actions = ["move_to_bin", "restore", "delete_binned"]
    list_select_related = ["owner", "term__institution"]
    search_fields = ["name", "owner__username", "owner__email"]
    readonly_fields = [
        "owner",
        "term",
        "generation",
        "share_link",
        "calendar_feed",
        "acknowledged_at",
        "deleted_at",
        "created_at",
        "updated_at",
    ]
    fields = ["name", "notes", *readonly_fields]
    inlines = [SavedScheduleSectionInline]

    def has_add_permission(self, request) -> bool:
        return False  # saved by students through the API or pages, which validate the sections

    def has_delete_permission(self, request, obj=None) -> bool:
        """Nothing a student saved is deleted for good at once: a schedule out of the bin has no
        *Delete* (staff move it to its owner's bin, where the owner may restore it for BIN_DAYS);
        one in the bin may be deleted for good, as its owner may."""
        if obj is not None and obj.deleted_at is None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # Django's deletes for good whatever is selected
        return actions

    def act_on_each(self, queryset: QuerySet, chosen: QuerySet, act) -> tuple[int, int]:
        """Run `act` on each `chosen` schedule of the selection `queryset`: (how many it did, how
        many of the selection it left as they were). One a student's tab changed meanwhile (its
        service raises DoesNotExist) is left; the selection is counted first, as `act` may
        delete."""
        selected, done = queryset.count(), 0
        for schedule in chosen:
            try:
                act(schedule)
            except SavedSchedule.DoesNotExist:
                continue
            done += 1
        return done, selected - done

    @admin.action(description="Move the selected schedules to their owners' bins", permissions=["delete"])
    def move_to_bin(self, request, queryset: QuerySet) -> None:
        def move(schedule: SavedSchedule) -> None:
            saved.saved_schedule_delete(schedule=schedule)
            self.log_change(request, schedule, "Moved to the owner's bin.")

        moved, skipped = self.act_on_each(queryset, queryset.alive(), move)
        note = f"; {skipped} already in the bin left as they were" if skipped else ""
        plural = "s" if moved != 1 else ""
        message = f"Moved {moved} schedule{plural} to their owners' bins{note}. Each owner may restore theirs for "
        self.message_user(request, f"{message}{saved.BIN_DAYS} days.", messages.SUCCESS)

    @admin.action(description="Delete the selected schedules in the bin for good", permissions=["delete"])
    def delete_binned(self, request, queryset: QuerySet) -> HttpResponse | None:
        """Asks first, on a page naming them (as Django's own delete does): what is deleted for good
        cannot be restored by anyone."""
        if request.POST.get("confirmed") != "yes":
            binned = list(queryset.binned().select_related("owner", "term__institution").order_by("deleted_at", "pk"))
            context = {
                **self.admin_site.each_context(request),
                "title": "Delete schedules for good",
                "binned": binned,
                "owners": len({schedule.owner_id for schedule in binned}),
                "left": queryset.count() - len(binned),
                "selected": list(queryset.values_list("pk", flat=True)),  # "select all" too, as Django's delete
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/scheduler/delete_binned.html", context)

        def purge(schedule: SavedSchedule) -> None:
            with transaction.atomic():  # the history's entry goes only with the deletion
                self.log_deletions(request, SavedSchedule.all_objects.filter(pk=schedule.pk))
                saved.saved_schedule_purge(schedule=schedule)

        deleted, skipped = self.act_on_each(queryset, queryset.binned(), purge)
        note = f"; {skipped} not in the bin left as they were (move them to the bin first)" if skipped else ""
        plural = "s" if deleted != 1 else ""
        self.message_user(request, f"Deleted {deleted} schedule{plural} for good{note}.", messages.SUCCESS)

    def get_queryset(self, request) -> QuerySet:
        # every row, in the bin or not (the default manager leaves the bin out)
        return SavedSchedule.all_objects.all()

    @admin.display(boolean=True)
    def shared(self, obj: SavedSchedule) -> bool:
        return obj.share_token is not None

    @admin.display(boolean=True)
    def subscribed(self, obj: SavedSchedule) -> bool:
        return obj.calendar_token is not None

    @admin.display(description="Share link")
    def share_link(self, obj: SavedSchedule) -> str:
        return token_shown(obj.share_token, "shared", "not shared")

    @admin.display(description="Calendar feed")
    def calendar_feed(self, obj: SavedSchedule) -> str:
        return token_shown(obj.calendar_token, "on", "off")

    @admin.action(description="Restore the selected schedules from the bin", permissions=["change"])
    def restore(self, request, queryset: QuerySet) -> None:
        def take_out(schedule: SavedSchedule) -> None:
            saved.saved_schedule_restore(schedule=schedule)
            self.log_change(request, schedule, "Restored from the bin.")  # staff did it, not the owner

        restored, skipped = self.act_on_each(queryset, queryset.binned(), take_out)
        note = f"; {skipped} not in the bin left as they were" if skipped else ""
        plural = "s" if restored != 1 else ""
        self.message_user(request, f"Restored {restored} schedule{plural}{note}.", messages.SUCCESS)


@admin.register(SectionWatch)
class SectionWatchAdmin(admin.ModelAdmin):
    """Seat alerts, to look at (docs/schedules.md, "Seat alerts"): made and stopped by students;
    staff may delete one (a student's mistaken watch), never add or edit one."""

    list_display = ["section", "user", "told", "email_openings", "told_open_at", "created_at"]
    list_filter = ["told", "email_openings", ("section__term", TermListFilter)]
    list_select_related = ["user", "section__component__course"]
    search_fields = ["user__username", "user__email", "section__registrar_id"]
    fields = ["user", "section", "email_openings", "told", "told_open_at", "notified_version", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # made by students through the API or the planner, which check the section and the limit

    def has_change_permission(self, request, obj=None) -> bool:
        return False
