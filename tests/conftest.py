"""Shared fixtures. Real catalogs live beside the repository in ../shared/data (not copied in)."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
DEMO_CATALOG = REPO / "catalog" / "demo" / "demo-catalog.json"


def shared_file(relative: str) -> Path:
    """A file of ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"real catalog {path} is absent (it lives in ../shared/data beside the repo)")
    return path


@pytest.fixture
def uva_csv_path() -> Path:
    return shared_file("uva/2025_fall.csv")


@pytest.fixture
def gatech_json_path() -> Path:
    return shared_file("gatech/202208.json")


@pytest.fixture
def loads_json() -> Path:
    return shared_file("loads.json")
