"""What every schemathesis run of the suite loads: the schema as the running app serves it (the
fixture `wsgi_inside_the_test_transaction` is in tests/conftest.py)."""

import schemathesis


def app_schema(*, path_regex: str, seed: int):
    """The app's OpenAPI schema (loading it touches no database), limited to the operations
    whose paths match `path_regex`; cases are generated without NUL bytes, as UTF-8. An If-Match
    the schema does not allow is refused with the 412 it documents, a rejection like a 400."""
    from django.core.wsgi import get_wsgi_application
    from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES

    rejected = [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "412"]
    config = schemathesis.Config.from_dict(
        {
            "generation": {"allow-x00": False, "codec": "utf-8"},
            "seed": seed,
            "checks": {"negative_data_rejection": {"expected-statuses": rejected}},
        }
    )
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), config=config)
    return loaded.include(path_regex=path_regex)
