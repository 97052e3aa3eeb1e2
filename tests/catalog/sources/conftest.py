"""The adapters are pure Python, so their tests also run with `-p no:django`; pytest-django
normally puts the project on sys.path, so do it here. The real-catalog fixtures
(`uva_csv_path`, `gatech_json_path`, skipping with a reason when ../shared/data is absent) come
from tests/conftest.py."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
