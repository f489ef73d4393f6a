"""The generated client against the official `anthropic` package, in the same run (issue 12):

- the time to `import` the package and construct `Client(api_key=...)`, in a fresh process
  (the interpreter's own start-up left out; target: at most a third of the official SDK's);
- the time of the first `messages.create` against a local server (tests/http_server.py on
  127.0.0.1, answering the pages' example message), after the import, in a fresh process.

The client is generated from the tree with `client: {name: Anthropic}`; the official package
comes from the `bench` extra (pip install -e '.[bench]'). Figures are medians of fresh
processes; other work on the machine disturbs them, so read them as ratios taken together.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.run import Series, heading
from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from tests.http_server import ScriptedServer

PACKAGE = "anthropic_refgen"

IMPORT_AND_CONSTRUCT = """
import time
start = time.perf_counter()
import {module}
{module}.{client}(api_key="sk-bench")
print(time.perf_counter() - start)
"""

FIRST_CREATE = """
import time
import {module}
client = {module}.{client}(api_key="sk-bench", base_url={url!r}, max_retries=0)
start = time.perf_counter()
message = client.messages.create(
    model="claude-opus-5",
    max_tokens=1024,
    messages=[{{"role": "user", "content": "Hello"}}],
)
elapsed = time.perf_counter() - start
assert message.content[0].text, message
print(elapsed)
"""


def report_client(tree: Path, runs: int) -> None:
    heading("The generated client beside the official SDK (`anthropic`)")
    document = parse_pages([tree]).document
    example = _message_example(document)
    official = importlib.util.find_spec("anthropic") is not None
    with tempfile.TemporaryDirectory(prefix="refgen-bench-client-") as scratch:
        work = Path(scratch)
        write_tree(work, render_files(document, PACKAGE, client_name="Anthropic"))
        contenders = [(f"refgen ({PACKAGE})", PACKAGE, work)]
        if official:
            version = _version("anthropic")
            contenders.append((f"official anthropic {version}", "anthropic", work))
        else:
            print("official anthropic: not installed (pip install -e '.[bench]')")
        imports: dict[str, Series] = {}
        creates: dict[str, Series] = {}
        server = ScriptedServer()
        server.start()
        try:
            for _ in range(runs):  # interleaved, so that both see the same load
                for label, module, cwd in contenders:
                    code = IMPORT_AND_CONSTRUCT.format(module=module, client="Anthropic")
                    imports.setdefault(label, Series(label)).add(_milliseconds(code, cwd))
                    server.reply_json(example)
                    code = FIRST_CREATE.format(module=module, client="Anthropic", url=server.url)
                    creates.setdefault(label, Series(label)).add(_milliseconds(code, cwd))
        finally:
            server.stop()
    print("import the package and construct Anthropic(api_key=...), a fresh process each:")
    for label, series in imports.items():
        print(f"  {label:48} {series.show('ms', 1)}")
    print("the first client.messages.create (after the import) against a local server:")
    for label, series in creates.items():
        print(f"  {label:48} {series.show('ms', 1)}")
    ours = imports[contenders[0][0]].median
    if official:
        theirs = imports[contenders[1][0]].median
        print(f"import + construct, refgen / official: {ours / theirs:.2f} (target: at most 0.33)")


def _milliseconds(code: str, cwd: Path) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the client benchmark failed:\n{result.stderr}")
    return 1000 * float(result.stdout.strip().splitlines()[-1])


def _message_example(document: dict[str, Any]) -> Any:
    """The first response example the pages give for `POST /v1/messages`."""
    media = document["paths"]["/v1/messages"]["post"]["responses"]["200"]["content"]
    return next(iter(media["application/json"]["examples"].values()))["value"]


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


if __name__ == "__main__":
    from bench.run import DEFAULT_TREE

    report_client(DEFAULT_TREE, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
