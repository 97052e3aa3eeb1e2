import pytest


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """No throttling in these tests (rates of None leave the shared cache untouched)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None},
    }
