"""Operation matching: placeholder names, version prefixes in paths or servers."""

import pytest

from generator.compare.operations import base_path, match_key, match_operations


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("/files/{file_id}", ""),
        ("/files/{id}", ""),
        ("/v1/files/{id}", ""),
        ("/files/{id}", "/v1"),
        ("/files/{id}/", "/v2/"),
    ],
)
def test_equivalent_paths_share_a_key(path: str, base: str) -> None:
    assert match_key("GET", path, base) == ("get", "/files/{}")


def test_version_must_be_a_whole_segment() -> None:
    assert match_key("get", "/v1beta/files")[1] == "/v1beta/files"
    assert match_key("get", "/v1")[1] == "/"


def test_base_path_comes_from_first_server() -> None:
    assert base_path({"servers": [{"url": "https://api.openai.com/v1"}]}) == "/v1"
    assert base_path({"servers": [{"url": "https://api.openai.com/"}]}) == ""
    assert base_path({}) == ""


def test_matching_reports_operations_only_one_side_has() -> None:
    reconstructed = {
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/v1/models/{id}": {"get": {}, "delete": {}}, "/v1/extra": {"post": {}}},
    }
    authoritative = {
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {"/models/{model}": {"get": {}, "delete": {}}, "/models": {"get": {}}},
    }
    matching = match_operations(reconstructed, authoritative)

    assert [(rec.label, auth.label) for rec, auth in matching.pairs] == [
        ("GET /v1/models/{id}", "GET /models/{model}"),
        ("DELETE /v1/models/{id}", "DELETE /models/{model}"),
    ]
    assert [op.label for op in matching.only_reconstructed] == ["POST /v1/extra"]
    assert [op.label for op in matching.only_authoritative] == ["GET /models"]
