"""`extensions:` in refgen.yaml: hand-written bases of the generated client and resources,
kept out of the generated tree, that survive every regeneration (generator/extensions.py,
docs/runtime.md "Extension points")."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.config import load_config
from generator.diagnostics import RefgenError
from generator.extensions import read_extensions
from generator.output import write_tree
from generator.pipeline import render_files
from tests.cli_run import refgen
from tests.conftest import CORPUS, parsed_tree
from tests.generated_package import import_package
from tests.http_server import Reply, ScriptedServer

HELPERS = Path(__file__).resolve().parent / "fixtures" / "extensions"


@pytest.fixture
def helpers_on_path() -> Iterator[None]:
    sys.path.insert(0, str(HELPERS))
    yield
    sys.path.remove(str(HELPERS))
    sys.modules.pop("anthropic_helpers", None)


def sse(*events: dict[str, object]) -> list[bytes]:
    return [f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events]


def test_an_accumulating_messages_stream_written_once(
    helpers_on_path: None, server: ScriptedServer, tmp_path: Path
) -> None:
    extensions = read_extensions(
        {"messages": "anthropic_helpers:MessagesHelpers"}, "refgen.yaml", {}
    )
    files = render_files(parsed_tree("2026-08-22").document, "extended", extensions=extensions)
    assert not any("anthropic_helpers" in path for path in files)  # kept out of the tree
    write_tree(tmp_path, files)
    package: ModuleType = import_package(tmp_path, "extended")
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    delta = {"type": "content_block_delta", "index": 0}
    server.reply(
        Reply(
            chunks=sse(
                {"type": "message_start", "message": message},
                {**delta, "delta": {"type": "text_delta", "text": "Hel"}},
                {**delta, "delta": {"type": "text_delta", "text": "lo"}},
                {"type": "message_stop"},
            ),
            headers={"Content-Type": "text/event-stream"},
        )
    )
    client = package.Client(api_key="k", base_url=server.url)
    with client.messages.stream(model="claude", max_tokens=5, messages=[]) as stream:
        assert list(stream.text_stream) == ["Hel", "lo"]
    assert stream.text == "Hello" and stream.message.id == "msg_1"
    assert server.last.json()["stream"] is True
    # The generated methods are untouched, and the views have no helper (only API calls).
    assert client.messages.create.__qualname__ == "MessagesResource.create"
    assert not hasattr(package.AsyncClient(api_key="k").messages, "stream")


def project(tmp_path: Path, extensions: str) -> Path:
    """A project: the OpenAI files page, a helper module beside the spec, refgen.yaml."""
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copyfile(CORPUS / "openai" / "files.md", spec / "files.md")
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "files_helpers.py").write_text(
        textwrap.dedent(
            """
            from typing import Any

            class FilesHelpers:
                list: Any

                def all_ids(self) -> list[str]:
                    return [f.id for f in self.list()]

            class ClientHelpers:
                def project_name(self) -> str:
                    return "refgen"
            """
        )
    )
    (spec / "refgen.yaml").write_text(
        "title: Files\npackage: files_client\nsources: ['*.md']\n" + extensions
    )
    return spec / "refgen.yaml"


EXTENSIONS = """\
extensions:
  files: files_helpers:FilesHelpers
  client: {sync: files_helpers:ClientHelpers}
"""


def test_the_helpers_survive_regeneration(tmp_path: Path, server: ScriptedServer) -> None:
    config = project(tmp_path, EXTENSIONS)
    helper_source = (tmp_path / "helpers" / "files_helpers.py").read_text()
    for force in ([], ["--force"]):  # built, then rebuilt from scratch
        result = refgen("build", "--config", str(config), *force, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    generated = tmp_path / "generated"
    assert (tmp_path / "helpers" / "files_helpers.py").read_text() == helper_source
    assert not list(generated.rglob("files_helpers*"))
    sys.path.insert(0, str(tmp_path / "helpers"))
    try:
        package = import_package(generated, "files_client")
        page = {"object": "list", "data": [{"id": "file-1"}], "has_more": False}
        server.reply_json(page)
        client = package.Client(api_key="k", base_url=server.url)
        assert client.files.all_ids() == ["file-1"]
        assert client.project_name() == "refgen"
    finally:
        sys.path.remove(str(tmp_path / "helpers"))
        sys.modules.pop("files_helpers", None)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("extensions: [a]", "setting 'extensions' must map a resource"),
        ("extensions:\n  files: 'os; import x:B'", "must be module:Class"),
        ("extensions:\n  files: 'helpers:Class()'", "must be module:Class"),
        ("extensions:\n  files: 'import:Files'", "must be module:Class"),  # a keyword
        ("extensions:\n  files: {sync: a:B, sideways: a:C}", "unknown key 'sideways'"),
        ("extensions:\n  'files; x': a:B", "must be `client` or a resource"),
        ("extensions:\n  files: {}", "name a class as module:Class"),
    ],
)
def test_bad_extensions_are_config_errors(tmp_path: Path, setting: str, message: str) -> None:
    config = project(tmp_path, setting + "\n")
    with pytest.raises(RefgenError) as caught:
        load_config(config)
    shown = str(caught.value)
    assert message in shown and "refgen.yaml:" in shown


def test_an_unknown_resource_is_an_error_at_its_line(tmp_path: Path) -> None:
    config = project(tmp_path, "extensions:\n  file: files_helpers:FilesHelpers\n")
    result = refgen("build", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert "refgen.yaml:5: error: extension file: the client has no resource" in result.stderr
    assert "did you mean files?" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "generated").exists()
