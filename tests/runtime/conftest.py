"""The runtime package for its tests (the `server` fixture is in tests/conftest.py).

The files in templates/runtime/ use relative imports because they are copied into a
generated package whose name varies. Here they are loaded as the package ``sdk``
(registered before any test module imports it), the way a generated client would be.

The server (tests/http_server.py) is a real HTTP/1.1 server on 127.0.0.1, never a mock
of httpx.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

from tests.http_server import RecordedRequest, Reply, ScriptedServer

__all__ = ["RecordedRequest", "Reply", "ScriptedServer"]

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PACKAGE = "sdk"


def _register_runtime_package() -> None:
    spec = importlib.machinery.ModuleSpec(PACKAGE, None, is_package=True)
    package = importlib.util.module_from_spec(spec)
    package.__path__ = [str(RUNTIME_DIR)]
    sys.modules[PACKAGE] = package


_register_runtime_package()
