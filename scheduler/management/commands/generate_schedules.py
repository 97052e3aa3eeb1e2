"""python manage.py generate_schedules --term CODE --course "CS 2100" ... [--json]"""

import json
import re
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

from accounts.selectors import user_by_username
from classtime_site.api import flatten
from scheduler import services
from scheduler.api.serializers import GenerationRequestSerializer
from scheduler.grid import weekly_grid

LETTER_DAYS = {"M": "Mo", "T": "Tu", "W": "We", "R": "Th", "F": "Fr", "S": "Sa", "U": "Su"}
BUSY = re.compile(
    r"^\s*(?P<days>[A-Za-z]+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})"
    r"(?:\s*\+(?P<after>\d+))?\s*$"
)
ELECTIVE = re.compile(r"^\s*(?P<pick>\d+)\s+of\s+(?P<courses>.+)$", re.IGNORECASE)
PREFERENCE_FORMS = {
    "no_classes_before": "no_classes_before[=HH:MM][@WEIGHT]",
    "no_classes_after": "no_classes_after[=HH:MM][@WEIGHT]",
    "free_days": "free_days[=DAYS][@WEIGHT], days such as F or MoFr",
    "lunch": "lunch[=HH:MM-HH:MM[/MINUTES]][@WEIGHT]",
    "max_in_a_row": "max_in_a_row[=MINUTES][@WEIGHT]",
    "compact": "compact[@WEIGHT] (no value)",
    "fewer_days": "fewer_days[@WEIGHT] (no value)",
    "open_seats": "open_seats[@WEIGHT] (no value)",
    "instructors": "instructors=+NAME,-NAME[@WEIGHT] (+ to prefer, - to avoid)",
    "friends": "friends=ID[,ID...][@SHARED[/FREE]]",
}


def parse_days(text: str) -> list[str]:
    """'MWF' or 'MoWeFr' → ['Mo', 'We', 'Fr']."""
    tokens = re.findall(r"[A-Z][a-z]", text)
    if tokens and "".join(tokens) == text:
        return tokens
    if all(c in LETTER_DAYS for c in text.upper()):
        return [LETTER_DAYS[c] for c in text.upper()]
    raise CommandError(f"{text!r} is not a set of days such as MWF or MoWeFr")


def hhmm(text: str) -> str:
    """'9:00' → '09:00'; ValueError when the text is not H:MM or HH:MM."""
    if not re.fullmatch(r"\d{1,2}:\d{2}", text.strip()):
        raise ValueError(text)
    hours, minutes = text.strip().split(":")
    return f"{int(hours):02d}:{minutes}"


def parse_busy(text: str) -> dict:
    """'MWF 16:00-18:00' (optionally '+60' for a buffer after) → a busy block."""
    match = BUSY.match(text)
    if not match:
        raise CommandError(f"--busy {text!r}: expected 'DAYS HH:MM-HH:MM[+BUFFER]' such as 'MWF 16:00-18:00'")
    return {
        "days": parse_days(match["days"]),
        "start": hhmm(match["start"]),
        "end": hhmm(match["end"]),
        "buffer_after": int(match["after"] or 0),
    }


def parse_elective(text: str) -> dict:
    match = ELECTIVE.match(text)
    if not match:
        raise CommandError(f"--elective {text!r}: expected 'K of A,B,C' such as '1 of ARTS 2050,MUSI 1310'")
    return {"pick": int(match["pick"]), "courses": [c.strip() for c in match["courses"].split(",")]}


def parse_preference(text: str) -> tuple[str, dict]:
    """'name[=value][@weight]' (weight 10 when left out): no_classes_before=10:00,
    free_days=F@20, lunch=11:30-13:30/30, max_in_a_row=180, compact, fewer_days, open_seats,
    instructors=+Ada Byron,-Grace Hopper, friends=12,15@SHARED/FREE (saved schedule ids; the
    weight for each component where a friend has a section you do not take, then the weight
    per 30 minutes of class while a friend is free; one number sets both)."""
    rest, _, weight = text.partition("@")
    name, _, value = rest.partition("=")
    if name not in PREFERENCE_FORMS:
        raise CommandError(f"--prefer {text!r}: no preference {name!r}; one of {', '.join(PREFERENCE_FORMS)}")
    if name == "friends":
        return name, parse_friends(text, value, weight)
    if weight and not weight.isdecimal():
        raise CommandError(f"--prefer {text!r}: the weight after @ is a whole number")
    try:
        return name, {"weight": int(weight or 10), **preference_values(name, value)}
    except ValueError:
        raise CommandError(f"--prefer {text!r}: expected {PREFERENCE_FORMS[name]}") from None


def preference_values(name: str, value: str) -> dict:
    """The preference's own fields from the text after '='; ValueError when it is malformed."""
    body: dict = {}
    if name in {"no_classes_before", "no_classes_after"}:
        body["time"] = hhmm(value or ("10:00" if name.endswith("before") else "17:00"))
    elif name == "free_days":
        body["days"] = parse_days(value or "F")
    elif name == "lunch" and value:
        window, _, length = value.partition("/")
        start, _, end = window.partition("-")
        body.update(start=hhmm(start), end=hhmm(end), minutes=int(length or 30))
    elif name == "max_in_a_row" and value:
        body["minutes"] = int(value)
    elif name == "instructors":
        names = [n.strip() for n in value.split(",") if n.strip()]
        if not names or any(n[0] not in "+-" or not n[1:].strip() for n in names):
            raise ValueError(value)
        body["prefer"] = [n[1:].strip() for n in names if n.startswith("+")]
        body["avoid"] = [n[1:].strip() for n in names if n.startswith("-")]
    elif value:
        raise ValueError(value)
    return body


def parse_friends(text: str, value: str, weight: str) -> dict:
    """'12,15' and '10' or '10/5' → the friends preference of the API."""
    ids = [i.strip() for i in value.split(",") if i.strip()]
    if not ids or not all(i.isdecimal() for i in ids):
        raise CommandError(
            f"--prefer {text!r}: expected friends=ID[,ID...] with saved schedule ids, such as friends=12,15@10"
        )
    shared, _, free = (weight or "10").partition("/")
    free = free or shared
    if not (shared.isdecimal() and free.isdecimal()):
        raise CommandError(f"--prefer {text!r}: the weights after @ are whole numbers, SHARED or SHARED/FREE")
    return {"schedules": [int(i) for i in ids], "shared_weight": int(shared), "free_weight": int(free)}


def requester(username: str) -> SimpleNamespace:
    """The student the request is made as (the job's owner, whose own and friends' shared
    schedules the friends preference may read), in the shape the serializer reads from its
    context."""
    user = None
    if username:
        user = user_by_username(username=username)
        if user is None:
            raise CommandError(f"--as {username!r}: no active user has that username")
    return SimpleNamespace(user=user)


class Command(BaseCommand):
    help = "Generate the best schedules for some courses and print them as weekly grids (or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True)
        parser.add_argument("--institution", default="")
        parser.add_argument("--course", action="append", default=[], help='"CS 2100"; repeat')
        parser.add_argument("--elective", action="append", default=[], help='"1 of A 1,B 2"')
        parser.add_argument("--busy", action="append", default=[], help='"MWF 16:00-18:00[+60]"')
        parser.add_argument("--pin", action="append", default=[], help="section id that must be used")
        parser.add_argument("--exclude", action="append", default=[], help="section id never to use")
        parser.add_argument(
            "--prefer",
            action="append",
            default=[],
            help="name[=value][@weight], e.g. no_classes_before=10:00, free_days=F@20, friends=12,15@10/5 (with --as)",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            default="",
            metavar="USERNAME",
            help="make the request as this student (needed by --prefer friends=...)",
        )
        parser.add_argument("--open-seats-only", action="store_true")
        parser.add_argument("-k", type=int, default=3, help="how many schedules (default 3)")
        parser.add_argument("--strategy", default="exact", choices=["exact", "beam"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        preferences = dict(parse_preference(p) for p in options["prefer"])
        data = {
            "term": options["term"],
            "institution": options["institution"],
            "courses": options["course"],
            "electives": [parse_elective(e) for e in options["elective"]],
            "busy": [parse_busy(b) for b in options["busy"]],
            "pinned": options["pin"],
            "excluded": options["exclude"],
            "filters": {"open_seats_only": options["open_seats_only"]},
            "preferences": preferences,
            "k": options["k"],
            "strategy": options["strategy"],
        }
        if "friends" in preferences and not options["as_user"]:
            raise CommandError("--prefer friends=... reads saved schedules: say whose request it is with --as USERNAME")
        asking = requester(options["as_user"])
        # the operator may check a hidden or archived term's catalog before or after students see it
        serializer = GenerationRequestSerializer(data=data, context={"request": asking, "operator": True})
        if not serializer.is_valid():
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in flatten(serializer.errors).items())
            raise CommandError(f"invalid request: {problems}")
        job = services.generation_request_solve(
            term_id=serializer.validated_data["term_id"], request=serializer.normalised(), owner=asking.user
        )
        if options["json"]:
            self.stdout.write(json.dumps(services.generation_job_summary(job=job), indent=1, default=str))
            return
        self.stdout.write(self.render(job))
        if job.status != "succeeded":
            raise CommandError(f"generation {job.status}: {job.error}")
        if not job.results:
            raise CommandError("generation found no schedule: see the explanation above")

    def render(self, job) -> str:
        lines = [
            f"{len(job.results or [])} schedule(s); "
            f"{'proven optimal' if job.proven_optimal else 'NOT proven optimal'}, "
            f"{job.nodes} nodes, {job.engine_ms:.1f} ms"
            if job.engine_ms is not None
            else f"job {job.status}"
        ]
        if job.explanation:
            lines.append("Nothing fits: " + job.explanation.get("message", ""))
            for repair in job.explanation.get("repairs", []):
                lines.append(f"  - {repair.get('description', repair)}")
        for schedule in job.results or []:
            breakdown = ", ".join(f"{k} {v}{sources_text(schedule, k)}" for k, v in schedule["breakdown"].items() if v)
            lines.append("")
            lines.append(f"#{schedule['rank']}  score {schedule['score']}" + (f"  ({breakdown})" if breakdown else ""))
            for s in schedule["sections"]:
                alt = f"  (+{len(s['alternatives'])} alike)" if s["alternatives"] else ""
                lines.append(
                    f"  {s['course']:<10} {s['component']:<5} {s['code']:<5} [{s['id']}] "
                    f"{'; '.join(s['instructors'][:2])}{alt}"
                )
            for s in schedule["tba"]:
                lines.append(f"  {s['course']:<10} {s['component']:<5} {s['code']:<5} [{s['id']}] no set time")
            for w in schedule.get("warnings", []):
                lines.append(f"  ! {w}")
            lines.append(weekly_grid(schedule["sections"], holidays=job.term.holiday_dates))
        lines += viability_lines(job.viability)
        return "\n".join(lines)


def sources_text(schedule: dict, name: str) -> str:
    """Where a breakdown line's points come from, for the terminal: " [Fr: CHEM 1411 LAB 012]",
    " [CS 1110 LEC 001; 25 from the elective picks]", " [Mo: CS 1110 LEC 001; busy time practice]";
    "" when the job has no sources (answered before they were given)."""
    source = (schedule.get("breakdown_sources") or {}).get(name)
    if not source:
        return ""
    named = {s["id"]: f"{s['course']} {s['component']} {s['code']}" for s in [*schedule["sections"], *schedule["tba"]]}
    classes = ", ".join(named.get(i, i) for i in source["sections"])
    parts = [f"{'/'.join(source['days'])}: {classes}" if source["days"] else classes]
    if source.get("elective_picks"):
        parts.append(f"{source['elective_picks']} from the elective picks")
    parts += [f"busy time {label}" for label in source.get("busy", [])]
    return f" [{'; '.join(p for p in parts if p)}]"


def viability_lines(viability: list[dict] | None) -> list[str]:
    """Per component, how many of its sections can be in some valid schedule, and which
    cannot (or could not be checked in time)."""
    if not viability:
        return []
    lines = ["", "Sections that can be in a valid schedule:"]
    for component in viability:
        sections = component["sections"]
        fit = [s["code"] for s in sections if s["viable"] is True]
        line = f"  {component['course']:<10} {component['component']:<5} {len(fit)} of {len(sections)}"
        if not_fit := [s["code"] for s in sections if s["viable"] is False]:
            line += f"; not {', '.join(not_fit)}"
        if unknown := [s["code"] for s in sections if s["viable"] is None]:
            line += f"; not checked in time {', '.join(unknown)}"
        lines.append(line)
    return lines
