import pytest


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """No throttling in the scheduler tests: the generation rate (30/minute per client, counted
    in the shared Redis on the production pass) would otherwise answer 429 to whichever test
    comes after a burst of others' requests. Rates of None leave the cache untouched."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }
