"""The planner reads a list of course codes as the course search does (web/static/web/codes.js
against catalog/selectors.py `code_list`), in a real headless Chromium."""

import random

import pytest

from catalog.selectors import code_list

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = ["CS", "cs", "MATH", "1331", "1331R", "cs1331", "CS-1331", "CS-", "-1331", "-", "and", "AND", "&", "or", "x1"]
PARTS = [" ", ", ", "; ", ",", "  ", "\t", " ,; "]
EXAMPLES = [
    "CS 1331, MATH 1554; PSYC 1101",
    "CS 1331 MATH 1554",
    "CS - 1331; MATH- 1554; PSYC -1101",
    "CS 1331, MATH 1554 and PSYC 1101",
    "CS 1331 & MATH 1554",
    "and CS 1331, MATH 1554",
    "CS 1331, MATH 1554 and",
    "CS 1331 and and MATH 1554",
    "CS 1331, cs 1331",
    "CS 1331",
    "CS 1331, MATH",
    "Hott, Robbie",
    "CS \u0661, MATH \u0662",  # Arabic-Indic digits: no number to either
    "CS\x1c1331 MATH\x1c1554",  # a separator Python's \\s holds and JavaScript's not
    "CS 1331\ufeffMATH 1554",  # the other way round
    "CS\u00a01331,\u2002MATH 1554",  # no-break and en spaces part words to both
    ", ".join(f"CS {1000 + n}" for n in range(40)) + ", MATH",
]


FORMS = ["{s} {n}", "{s}{n}", "{s}-{n}", "{s} - {n}", "{s} -{n}", "{s}- {n}", "{s}  {n}"]
SUBJECTS = ["CS", "cs", "MATH", "Psyc", "A"] * 4 + ["LONGSUBJECTNAMEOVERTWENTY"]  # mostly codes, some spoilt
NUMBERS = ["1331", "1331R", "2", "0999"] * 4 + ["1331-L", "x1"]
JOINERS = [", ", "; ", " ", ",", "\t", " and ", " & ", " AND "] * 2 + [" or "]
NOISE = ["and", "-", "CS", "1331", "intro", ",", "&"]


def drawn(count: int, seed: int = 7) -> list[str]:
    """Lists of codes written every way the readers take, some spoiled (a word dropped or one added
    anywhere), as a fuzz of the two readers."""
    draw = random.Random(seed)
    queries = []
    for _ in range(count):
        codes = [
            draw.choice(FORMS).format(s=draw.choice(SUBJECTS), n=draw.choice(NUMBERS))
            for _ in range(draw.randint(1, 6))
        ]
        query = "".join(code + draw.choice(JOINERS) for code in codes).rstrip(draw.choice(["", " ", ", "]))
        words = query.split(" ")
        if draw.random() < 0.3:
            words.insert(draw.randint(0, len(words)), draw.choice(NOISE))
        if draw.random() < 0.2 and len(words) > 1:
            words.pop(draw.randrange(len(words)))
        queries.append(" ".join(words))
    return queries


def test_the_planner_reads_lists_of_codes_as_the_course_search_does(open_page):
    # given
    page = open_page()
    queries = EXAMPLES + drawn(400)
    # when
    planner = page.evaluate(
        """async (queries) => {
            const { listedCodes } = await import("/static/web/codes.js");
            return queries.map((q) => listedCodes(q));
        }""",
        queries,
    )
    # then: the same codes, in the same order
    server = [[f"{s} {n}".upper() for s, n in code_list(q)] for q in queries]
    differing = [(q, p, s) for q, p, s in zip(queries, planner, server, strict=True) if p != s]
    assert not differing, differing[:5]
    assert 50 < sum(bool(codes) for codes in server) < 350  # the fuzz holds lists and refusals
