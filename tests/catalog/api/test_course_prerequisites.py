"""The course endpoints give a course's prerequisites in words (docs/api.md)."""

import pytest

from tests.catalog.api.conftest import DEMO
from tests.catalog.api.test_catalog_endpoints import reimport
from tests.catalog.test_course_prerequisites import SAID, with_prerequisites

pytestmark = pytest.mark.django_db


def test_a_course_and_the_course_list_give_its_prerequisites(api, demo):
    # given
    reimport(lambda records: with_prerequisites(records, "CHEM 1411", SAID))
    # when
    detail = api.get(DEMO + "courses/CHEM/1411/").json()
    listed = api.get(DEMO + "courses/?q=chem").json()["results"]
    # then
    assert detail["prerequisites"] == SAID
    assert {c["code"]: c["prerequisites"] for c in listed} == {"CHEM 1410": "", "CHEM 1411": SAID}
