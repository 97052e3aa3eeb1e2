"""The outside-the-term guard: a file most of whose timed sections meet only outside an existing
term's days (another term's file, as Banner's term roll keeps the CRNs) is refused, its dry run
warns under *Check first*, and `--allow-outside-term` (the admin's box) applies it; a file whose
name reads as another term than the one it is filed under is warned of under *Check first*.
Small sections-csv files written here, one timed lecture a course."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun, Meeting
from tests.catalog.test_import_service import catalog_checksum

pytestmark = pytest.mark.django_db

HEADER = "registrar_id,subject,number,title,component,section,days,start,end,start_date,end_date"
FALL = ("08/26/2025", "12/09/2025")
SPRING = ("01/20/2026", "05/05/2026")  # the fall's dates 147 days on: Banner's term roll


def sections_file(sections: int = 30, spring: int | None = None) -> bytes:
    """`sections` timed lectures (CS 1000, CS 1001, ...), the first `spring` of them (all by default) in spring."""
    spring = sections if spring is None else spring
    rows = [
        f"{40000 + i},CS,{1000 + i},Course {i},LEC,001,MW,1:00 PM,1:50 PM,{','.join(SPRING if i < spring else FALL)}"
        for i in range(sections)
    ]
    return "\n".join((HEADER, *rows, "")).encode()


def import_catalog(tmp_path, data: bytes, *args: str, name: str = "2025_fall.csv", term: str = "2025-fall") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = StringIO()
    call_command(
        "import_catalog",
        str(path),
        "--format",
        "sections-csv",
        "--institution",
        "wahoo",
        "--term",
        term,
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def spring_meetings() -> int:
    return Meeting.objects.filter(first_date__year=2026).count()


def test_another_terms_file_is_refused_naming_its_dates_the_terms_days_and_what_to_do(tmp_path):
    # given: the fall term imported (its days its meetings', 2025-08-26 to 2025-12-09), then the spring file
    import_catalog(tmp_path, sections_file(spring=0))
    before = catalog_checksum()
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, sections_file(), name="Class Schedule Spring 2026 (final).csv")
    # then
    message = str(refused.value)
    assert "30 of the file's 30 timed sections (100%) meet only outside the term's days" in message
    assert (
        "the file's dates lie in 2026-01-20 to 2026-05-05, the term 2025-fall's days are 2025-08-26 to 2025-12-09"
        in message
    )
    assert "Is this the right term's file (its name reads as Spring 2026)?" in message
    assert "If the term's days are wrong, widen them in the admin (Terms)" in message
    assert "Nothing was written" in message and "--allow-outside-term" in message
    assert catalog_checksum() == before and spring_meetings() == 0
    assert ImportRun.objects.order_by("pk").last().status == ImportRun.Status.REFUSED


def test_the_dry_run_says_it_under_check_first_and_the_warning_of_the_dates_does_not_say_otherwise(tmp_path):
    # given
    import_catalog(tmp_path, sections_file(spring=0))
    # when
    output = import_catalog(tmp_path, sections_file(), "--dry-run", name="2026_spring.csv")
    data = json.loads(import_catalog(tmp_path, sections_file(), "--dry-run", "--json", name="2026_spring.csv"))
    # then: the file's name first, then the dates; the warning counting the sections asks the same question
    check_first = output.split("Check first:")[1].split("Warnings")[0]
    lines = [line.strip() for line in check_first.strip().splitlines()]
    assert lines[0].startswith("! the file's name, '2026_spring.csv', reads as Spring 2026, but it is filed under")
    assert "(--term 2026-spring, the upload page's Term field)" in lines[0]
    assert lines[1].startswith("! 30 of the file's 30 timed sections (100%) meet only outside the term's days")
    assert "Applying it as this term's needs --allow-outside-term" in lines[1]
    (dates,) = [w for w in data["warnings"] if w["field"] == "dates" and w["location"] == "term"]
    assert "is this the right term's file?" in dates["message"] and "imported as listed" not in dates["message"]
    assert [w["reason"] for w in data["warnings"][:2]] == [services.TERM_OF_FILE_NAME, services.OUTSIDE_TERM]
    assert spring_meetings() == 0


def test_next_years_file_is_refused_and_its_sections_are_not_each_called_a_mistyped_year(tmp_path):
    # given
    import_catalog(tmp_path, sections_file(spring=0))
    next_year = sections_file(spring=0).replace(b"/2025", b"/2026")
    # when
    data = json.loads(import_catalog(tmp_path, next_year, "--dry-run", "--json", name="2026_fall.csv"))
    # then: one warning counts them, asking whether it is this term's file
    assert data["warnings"][1]["reason"] == services.OUTSIDE_TERM
    assert "the file's dates lie in 2026-08-26 to 2026-12-09" in data["warnings"][1]["message"]
    dated = [w for w in data["warnings"] if w["field"] == "dates"]
    assert len(dated) == 1 and "30 sections meet up to 365 days outside the term's days" in dated[0]["message"]
    assert "mistyped year" not in dated[0]["message"]


def test_allowed_the_file_is_applied_on_its_own_dates(tmp_path):
    # given
    import_catalog(tmp_path, sections_file(spring=0))
    # when
    import_catalog(tmp_path, sections_file(), "--allow-outside-term")
    # then
    assert spring_meetings() == 30
    assert ImportRun.objects.order_by("pk").last().allow_outside_term


@pytest.mark.parametrize(
    ("sections", "spring"),
    [
        (30, 19),  # under 20 sections
        (50, 25),  # 25 sections, but not over half
    ],
)
def test_a_few_sections_outside_the_terms_days_need_no_permission(tmp_path, sections, spring):
    # given
    import_catalog(tmp_path, sections_file(sections, spring=0))
    # when
    output = import_catalog(tmp_path, sections_file(sections, spring=spring))
    # then
    assert spring_meetings() == spring and "Check first" not in output
    assert "imported as listed (each is held on its own dates)" in output


def test_twenty_six_of_fifty_outside_the_terms_days_is_refused(tmp_path):
    # given
    import_catalog(tmp_path, sections_file(50, spring=0))
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, sections_file(50, spring=26))
    # then
    assert "26 of the file's 50 timed sections (52%) meet only outside the term's days" in str(refused.value)
    assert spring_meetings() == 0


def test_a_terms_first_import_is_never_outside_its_days(tmp_path):
    # when: a new term takes its days from the file's meetings
    output = import_catalog(tmp_path, sections_file(), name="2026_spring.csv", term="2026-spring")
    # then
    assert spring_meetings() == 30 and "meet only outside" not in output


@pytest.mark.parametrize(
    ("name", "warned"),
    [
        ("2026_spring.csv", True),
        ("Class Schedule Spring 2026 (final).csv", True),
        ("2025_fall.csv", False),
        ("Fall 2025 Schedule.csv", False),
        ("banner export.csv", False),  # the name reads as no term
    ],
)
def test_a_file_named_for_another_term_is_warned_of_under_check_first_and_applied(tmp_path, name, warned):
    # when: the fall's own dates, in a file whose name may read as another term
    output = import_catalog(tmp_path, sections_file(spring=0), name=name)
    # then: a warning, not a refusal (the name may be what is wrong)
    assert ("Check first:" in output and "reads as Spring 2026, but it is filed under" in output) == warned
    assert Meeting.objects.count() == 30


@pytest.fixture
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_the_admin_preview_shows_a_box_and_applies_it_only_once_ticked(tmp_path, staff_client, in_process_tasks):
    # given: the fall term imported, then a dry run of the spring file uploaded under it
    import_catalog(tmp_path, sections_file(spring=0))
    upload = {
        "file": SimpleUploadedFile("2026_spring.csv", sections_file()),
        "format": "sections-csv",
        "institution": "wahoo",
        "term": "2025-fall",
    }
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]
    page = staff_client.get(preview_url).content.decode()
    # when: applied without the box ticked, then with it
    refused = staff_client.post(preview_url, follow=True).content.decode()
    between = spring_meetings()
    staff_client.post(preview_url, {"allow_outside_term": "yes"})
    # then
    assert "Check first:" in page and "meet only outside the term&#x27;s days" in page
    assert 'name="allow_outside_term"' in page and 'id="outside-term"' in page
    assert "Tick the box to import the file as this term&#x27;s" in refused and "Apply this import" in refused
    assert between == 0 and spring_meetings() == 30
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED, allow_outside_term=True).count() == 1


def test_an_apply_finding_the_term_dated_otherwise_than_its_dry_run_did_is_refused_asking_for_the_box(
    tmp_path, staff_client, settings, sent
):
    # given: a dry run of the spring file while the term was new (its days would be the file's), its
    # apply queued (a broker holds it), then the fall's file imported before a worker takes the apply up
    settings.CELERY_TASK_ALWAYS_EAGER = True
    upload = {
        "file": SimpleUploadedFile("2025_fall.csv", sections_file()),
        "format": "sections-csv",
        "institution": "wahoo",
        "term": "2025-fall",
    }
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    staff_client.post(preview_url)
    import_catalog(tmp_path, sections_file(spring=0))
    # when
    services.import_run_execute(run_id=ImportRun.objects.get(dry_run=False, preview__isnull=False).pk)
    # then: refused, nothing written, saying which confirmation the dry run, run again, asks for
    assert spring_meetings() == 0
    (refusal,) = ImportRun.objects.filter(status=ImportRun.Status.REFUSED)
    assert "30 of the file's 30 timed sections (100%) meet only outside the term's days" in refusal.error
    assert refusal.error.endswith(
        "The dry run is pending again: run the dry run again there (Run the dry run again) and confirm the "
        "sections meeting outside the term's days on the new one."
    )


def test_a_canonical_file_of_another_term_is_refused_though_it_gives_its_own_terms_days(tmp_path):
    # given: the fall term imported, then exported as canonical and rolled on to spring, its days too
    import_catalog(tmp_path, sections_file(spring=0))
    exported = tmp_path / "fall.json"
    call_command("export_catalog", "--term", "2025-fall", "--institution", "wahoo", "--output", str(exported))
    document = json.loads(exported.read_text())
    rolled = json.dumps(document).replace("2025-08-26", "2026-01-20").replace("2025-12-09", "2026-05-05")
    document = json.loads(rolled)
    document["term"]["name"] = "Spring 2026"
    spring = tmp_path / "canon_2026_spring.json"
    spring.write_text(json.dumps(document))
    before = catalog_checksum()
    # when: filed under the fall
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_catalog", str(spring), "--format", "canonical", "--term", "2025-fall",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    # then: compared with the fall's days as they were, not with the file's own (it was applied, and
    # the fall renamed Spring 2026); the name warning names the fall as the catalog names it
    message = str(refused.value)
    assert "the term 2025-fall's days are 2025-08-26 to 2025-12-09" in message
    assert catalog_checksum() == before and spring_meetings() == 0
    dry_run = StringIO()
    call_command(
        "import_catalog", str(spring), "--format", "canonical", "--term", "2025-fall", "--dry-run",
        stdout=dry_run, stderr=StringIO(),
    )  # fmt: skip
    assert "reads as Spring 2026, but it is filed under the term 2025-fall (Fall 2025)" in dry_run.getvalue()
