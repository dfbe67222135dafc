"""Where the tests find the official SARIF 2.1.0 JSON schema.

The schema is not kept in this repository: it comes from the npm package
``@microsoft/jest-sarif`` (which ships ``sarif-2.1.0-rtm.5.json``), unpacked
by ``.ci/run`` into ``.cache/schemas/``, or from the path in
``SARIF_SCHEMA_PATH``. Without it the schema tests skip and say how to
get it; CI always has it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".cache" / "schemas" / "sarif-2.1.0-rtm.5.json"
HOW = ("the SARIF schema is not installed: run .ci/run, or "
       "`npm pack @microsoft/jest-sarif@1.0.0-beta.0` and set SARIF_SCHEMA_PATH "
       "to package/lib/schemas/sarif-2.1.0-rtm.5.json")


def sarif_schema_path() -> Path:
    path = Path(os.environ.get("SARIF_SCHEMA_PATH", DEFAULT))
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(HOW)
        pytest.skip(HOW)
    return path
