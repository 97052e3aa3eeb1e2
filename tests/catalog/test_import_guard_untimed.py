"""The mass-untimed guard: a re-import that would leave many of the term's listed sections with
set times without any timed meeting (a days or times column renamed, so read by no one) is
refused, its dry run warns under *Check first*, and `--allow-mass-untimed` (the admin's box)
applies it. Small uva-csv files written here, one timed lecture a course."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun, Meeting, Section, Term
from tests.catalog.test_import_service import catalog_checksum
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Title,Days1,Room1,MeetingDates1"
DATES = "08/26/2025 - 12/09/2025"


def uva_file(sections: int = 30, untimed: int = 0, days_column: str = "Days1", dates: str = DATES) -> bytes:
    """`sections` timed lectures (CS 1000, CS 1001, ...), the first `untimed` of them with TBA days."""
    rows = [
        f"{40000 + i},CS,{1000 + i},001,Lecture,Course {i},{'TBA' if i < untimed else 'MoWe 1:00pm - 1:50pm'},"
        f"Rice Hall 130,{dates}"
        for i in range(sections)
    ]
    return "\r\n".join((HEADER.replace("Days1", days_column), *rows, "")).encode()


def import_catalog(tmp_path, data: bytes, *args: str) -> str:
    path = tmp_path / "2025_fall.csv"
    path.write_bytes(data)
    out = StringIO()
    call_command("import_catalog", str(path), "--format", "uva-csv", "--term", "2025-fall", *args, stdout=out)
    return out.getvalue()


def timed_sections() -> int:
    return Section.objects.filter(meetings__start_time__isnull=False).distinct().count()


def test_a_re_import_whose_days_column_is_not_read_is_refused_naming_the_count_examples_cause_and_override(tmp_path):
    # given: the term with 30 timed sections, then its file with Days1 renamed (read by no one)
    import_catalog(tmp_path, uva_file())
    before = catalog_checksum()
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, uva_file(days_column="Pattern1"))
    # then
    message = str(refused.value)
    assert "leaves 30 of the term's 30 listed sections with set times (100%) without any timed meeting" in message
    assert "CS 1000 Lecture 001 (40000)" in message and "and 25 more" in message
    assert "column of days or times" in message and "(here: 1 column(s) not read: Pattern1)" in message
    assert "Here, uva-csv reads a section's days and times from Days1" in message
    assert "the header has no Days1 column (nor Days, Meeting Days): it has ClassNumber, " in message
    assert "--allow-mass-untimed" in message and "Nothing was written" in message
    assert catalog_checksum() == before and timed_sections() == 30


def test_the_dry_run_warns_under_check_first_and_writes_nothing(tmp_path):
    # given
    import_catalog(tmp_path, uva_file())
    before = catalog_checksum()
    # when
    output = import_catalog(tmp_path, uva_file(days_column="Pattern1"), "--dry-run")
    # then
    check_first = output.split("Check first:")[1]
    assert check_first.lstrip().startswith("! the file leaves 30 of the term's 30 listed sections with set times")
    assert "Applying it needs --allow-mass-untimed" in check_first
    assert catalog_checksum() == before
    assert ImportRun.objects.order_by("pk").last().status == ImportRun.Status.DRY_RUN


def test_allowed_the_sections_are_left_without_set_times(tmp_path):
    # given
    import_catalog(tmp_path, uva_file())
    # when
    import_catalog(tmp_path, uva_file(days_column="Pattern1"), "--allow-mass-untimed")
    # then
    assert timed_sections() == 0 and Meeting.objects.count() == 30
    assert ImportRun.objects.order_by("pk").last().allow_mass_untimed


@pytest.mark.parametrize(
    ("sections", "untimed"),
    [
        (30, 19),  # under 20 sections
        (100, 20),  # 20 sections, but not over a fifth
    ],
)
def test_a_few_sections_losing_their_times_need_no_permission(tmp_path, sections, untimed):
    # given
    import_catalog(tmp_path, uva_file(sections))
    # when
    output = import_catalog(tmp_path, uva_file(sections, untimed=untimed))
    # then
    assert timed_sections() == sections - untimed and "Check first" not in output


def test_twenty_one_of_a_hundred_losing_their_times_is_refused(tmp_path):
    # given
    import_catalog(tmp_path, uva_file(100))
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, uva_file(100, untimed=21))
    # then
    assert "leaves 21 of the term's 100 listed sections with set times (21%)" in str(refused.value)
    assert timed_sections() == 100


def test_a_first_import_whose_days_column_is_not_read_is_refused_naming_the_columns_expected_and_found(tmp_path):
    # when: the term is new, so there are no times to compare with; Days1 (days and times) renamed
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, uva_file(days_column="Pattern1"))
    # then: nothing written, not even the term
    message = str(refused.value)
    assert "the term has no sections yet, and 30 of the file's 30 sections (100%) have no timed meeting" in message
    assert "uva-csv reads a section's days and times from Days1 (its first meeting slot" in message
    assert "the header has no Days1 column (nor Days, Meeting Days): it has ClassNumber, Mnemonic, Number, " in message
    assert "Title, Pattern1, Room1, MeetingDates1" in message
    assert "The report's warnings name the columns not read (here: 1 column(s) not read: Pattern1)." in message
    assert "--allow-mass-untimed" in message and "Nothing was written" in message
    assert Section.objects.count() == 0 and not Term.objects.exists()


def test_a_first_import_whose_days_column_is_not_read_is_applied_untimed_when_allowed(tmp_path):
    # when
    import_catalog(tmp_path, uva_file(days_column="Pattern1"), "--allow-mass-untimed")
    # then
    assert Section.objects.count() == 30 and timed_sections() == 0


@pytest.mark.parametrize(
    ("sections", "days_column"),
    [
        (19, "Pattern1"),  # under 20 sections
        (30, "Days1"),  # every section TBA, but the column is there: a term of arranged sections
        (30, "Meeting Days"),  # the slot's days under a name uva-csv reads
    ],
)
def test_a_first_import_without_times_is_refused_only_for_many_sections_and_a_column_not_found(
    tmp_path, sections, days_column
):
    # when
    import_catalog(
        tmp_path, uva_file(sections, untimed=sections if days_column == "Days1" else 0, days_column=days_column)
    )
    # then
    assert Section.objects.count() == sections


@pytest.fixture
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_the_admin_preview_shows_it_under_check_first_and_applies_it_only_once_confirmed(
    tmp_path, staff_client, in_process_tasks
):
    # given: the term imported, then a dry run of the file with Days1 renamed uploaded
    import_catalog(tmp_path, uva_file())
    upload = {"file": SimpleUploadedFile("2025_fall.csv", uva_file(days_column="Pattern1")), "format": "uva-csv"}
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), {**upload, "term": "2025-fall"})[
        "Location"
    ]
    page = staff_client.get(preview_url).content.decode()
    # when: applied without the box ticked, then with it
    refused = staff_client.post(preview_url, follow=True).content.decode()
    timed_between = timed_sections()
    staff_client.post(preview_url, {"allow_mass_untimed": "yes"})
    # then
    assert "Check first:" in page and "leaves 30 of the term&#x27;s 30 listed sections with set times" in page
    assert 'name="allow_mass_untimed"' in page
    assert "Tick the box to leave those sections without set times" in refused and "Apply this import" in refused
    assert timed_between == 30 and timed_sections() == 0
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED, allow_mass_untimed=True).count() == 1


def refused_pk() -> int:
    return ImportRun.objects.get(status=ImportRun.Status.REFUSED).pk


def test_an_apply_finding_timed_sections_its_dry_run_did_not_is_refused_and_its_dry_run_checked_again(
    tmp_path, staff_client, settings, sent
):
    # given: a dry run of the file with every section TBA while the term was new (its Days1 read: no
    # guard's), its apply queued (a broker holds it), then the term imported with times before a worker
    # takes the apply up
    settings.CELERY_TASK_ALWAYS_EAGER = True
    upload = {"file": SimpleUploadedFile("2025_fall.csv", uva_file(untimed=30)), "format": "uva-csv"}
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), {**upload, "term": "2025-fall"})[
        "Location"
    ]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    staff_client.post(preview_url)
    import_catalog(tmp_path, uva_file())
    # when
    services.import_run_execute(run_id=ImportRun.objects.get(dry_run=False, preview__isnull=False).pk)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    refused_page = staff_client.get(reverse("admin:catalog_importrun_preview", args=[refused_pk()])).content.decode()
    again_url = staff_client.post(preview_url, {"check_again": "yes"})["Location"]
    asking = staff_client.get(again_url).content.decode()
    # then: refused, nothing written; both pages send the registrar to run the dry run again (its
    # catalog changed: it has no box), and the dry run, checked again, warns and asks for the box
    assert timed_sections() == 30
    (refusal,) = ImportRun.objects.filter(status=ImportRun.Status.REFUSED)
    assert "leaves 30 of the term's 30 listed sections with set times" in refusal.error
    assert refusal.error.endswith(
        "The dry run is pending again: run the dry run again there (Run the dry run again) and confirm the "
        "sections left without set times on the new one."
    )
    assert "to run again (the catalog changed since it was made) before applying the new one" in refused_page
    assert 'name="allow_mass_untimed"' in asking and "Apply this import" in asking


def test_a_canonical_file_that_lost_its_meetings_is_refused_without_naming_columns(tmp_path):
    # given: the demo term, then its file with every section's meetings left out
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())
    data = json.loads(DEMO_CATALOG.read_text())
    for course in data["courses"]:
        for component in course["components"]:
            for section in component["sections"]:
                section["meetings"] = []
    path = tmp_path / "lost.json"
    path.write_text(json.dumps(data))
    # when
    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", str(path), "--format", "canonical", stdout=StringIO())
    # then: a canonical file has no columns to have missed
    message = str(refused.value)
    assert "without any timed meeting" in message and "column" not in message.split("without any timed meeting")[1]
    assert "Does the file list their meetings without days or times" in message


def test_a_re_import_whose_meetings_were_all_quarantined_is_refused_naming_the_quarantine_not_a_column(tmp_path):
    # given: the term with 30 timed sections, then its file with every date written day first with dots
    import_catalog(tmp_path, uva_file())
    before = catalog_checksum()
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, uva_file(dates="26.08.2025 - 09.12.2025"))
    # then: the cause is the quarantine, its commonest reason and where it was first met
    message = str(refused.value)
    assert "leaves 30 of the term's 30 listed sections with set times (100%) without any timed meeting" in message
    assert "30 of them are quarantined, their timed meetings dropped as unusable, 30 for one reason: not a" in message
    assert "(the first: line 2 MeetingDates1 '26.08.2025 - 09.12.2025')" in message
    assert "renamed" not in message and "if the registrar really gave those sections no set time" not in message
    assert catalog_checksum() == before


# a term's first import: Banner's day-flag columns (M, T, W, R, F, S, U) are read by no one, so a row
# giving its days there alone is a time without days, kept with no set time
FLAGS_HEADER = "registrar_id,subject,number,title,component,section,days,M,T,W,R,F,S,U,start,end"


def flags_file(sections: int = 30, dayless: int | None = None) -> bytes:
    """`sections` lectures at 1:00 PM, the first `dayless` of them (all by default) with their days in flags only."""
    dayless = sections if dayless is None else dayless
    rows = [
        f"{40000 + i},CS,{1000 + i},Course {i},LEC,001,{'' if i < dayless else 'MW'},M,,W,,,,,1:00 PM,1:50 PM"
        for i in range(sections)
    ]
    return "\n".join((FLAGS_HEADER, *rows, "")).encode()


def import_first(tmp_path, data: bytes, *args: str) -> str:
    path = tmp_path / "banner_2025_fall.csv"
    path.write_bytes(data)
    out = StringIO()
    call_command("import_catalog", str(path), "--format", "sections-csv", "--institution", "wahoo", *args, stdout=out)
    return out.getvalue()


def test_a_first_import_whose_meetings_have_times_but_no_days_is_refused_naming_the_count_and_cause(tmp_path):
    # when
    with pytest.raises(CommandError) as refused:
        import_first(tmp_path, flags_file())
    # then: nothing written, not even the term
    message = str(refused.value)
    assert "the term has no sections yet, and 30 of the file's 30 meetings with a time (100%) have no days" in message
    assert "(the first: line 2, [40000], start/end '1:00 PM - 1:50 PM')" in message
    assert "(here: 7 column(s) not read: M, T, W, R, F, S, U)" in message
    assert "--allow-mass-untimed" in message and "Nothing was written" in message
    assert Section.objects.count() == 0 and not Term.objects.exists()


def test_a_first_imports_dry_run_says_it_under_check_first(tmp_path):
    # when
    output = import_first(tmp_path, flags_file(), "--dry-run")
    # then
    check_first = output.split("Check first:")[1]
    assert check_first.lstrip().startswith("! the term has no sections yet, and 30 of the file's 30 meetings")
    assert "Applying it needs --allow-mass-untimed" in check_first


def test_a_first_import_allowed_is_applied_without_set_times(tmp_path):
    # when
    import_first(tmp_path, flags_file(), "--allow-mass-untimed")
    # then
    assert Section.objects.count() == 30 and timed_sections() == 0
    assert ImportRun.objects.get().allow_mass_untimed


@pytest.mark.parametrize(
    ("sections", "dayless", "refused"),
    [
        (30, 19, False),  # under 20 meetings
        (100, 20, False),  # 20 meetings, but not over a fifth
        (100, 21, True),
    ],
)
def test_a_first_import_is_refused_for_as_many_meetings_without_days_as_a_re_import(
    tmp_path, sections, dayless, refused
):
    # when
    try:
        import_first(tmp_path, flags_file(sections, dayless))
    except CommandError as exc:
        said = str(exc)
    else:
        said = ""
    # then
    assert bool(said) == refused
    assert (f"{dayless} of the file's {sections} meetings with a time" in said) == refused
    assert timed_sections() == (0 if refused else sections - dayless)


def test_the_admin_preview_of_a_first_import_asks_for_the_same_box(staff_client, in_process_tasks):
    # given
    upload = {
        "file": SimpleUploadedFile("banner_2025_fall.csv", flags_file()),
        "format": "sections-csv",
        "institution": "wahoo",
    }
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]
    # when
    page = staff_client.get(preview_url).content.decode()
    staff_client.post(preview_url, {"allow_mass_untimed": "yes"})
    # then
    assert "Check first:" in page and "the term has no sections yet, and 30 of the file&#x27;s 30 meetings" in page
    assert 'name="allow_mass_untimed"' in page
    assert Section.objects.count() == 30 and timed_sections() == 0
