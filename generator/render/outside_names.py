"""What reserved.py would learn by importing pydantic, written down for the version refgen is
pinned to (constraints.txt), since importing it costs some 0.15 s of every `generate` and
`build`. Another version installed is imported and asked as before; the test
tests/test_reserved_names.py::test_the_written_down_names_are_pydantics holds these to the
installed version's.

Refresh after a change of pin: `python -m generator.render.outside_names` prints the entries.
"""

from __future__ import annotations

from generator.installed import installed_versions

PYDANTIC = "pydantic"
PYDANTIC_VERSION = "2.14.3"

# The public members of classes from outside the runtime: {(module, class path): names}.
MEMBERS: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {
    (PYDANTIC, ("BaseModel",)): frozenset(
        {
            "construct",
            "copy",
            "dict",
            "from_orm",
            "json",
            "model_computed_fields",
            "model_config",
            "model_construct",
            "model_copy",
            "model_dump",
            "model_dump_json",
            "model_extra",
            "model_fields",
            "model_fields_set",
            "model_json_schema",
            "model_parametrized_name",
            "model_post_init",
            "model_rebuild",
            "model_validate",
            "model_validate_json",
            "model_validate_strings",
            "parse_file",
            "parse_obj",
            "parse_raw",
            "schema",
            "schema_json",
            "update_forward_refs",
            "validate",
        }
    ),
}
# pydantic's default protected namespaces (its internal config defaults).
PROTECTED_NAMESPACES = ("model_validate", "model_dump")


def pinned_pydantic() -> bool:
    """Whether the pydantic installed is the one written down here (read from the name of
    its dist-info folder, without importing it)."""
    return installed_versions([PYDANTIC])[PYDANTIC] == PYDANTIC_VERSION


def public_members(module: str, path: tuple[str, ...]) -> frozenset[str] | None:
    """The written-down public members of `module`.`path`, or None (then ask the class)."""
    if module.partition(".")[0] != PYDANTIC or not pinned_pydantic():
        return None
    return MEMBERS.get((module, path))


if __name__ == "__main__":
    import pydantic
    from pydantic._internal._config import config_defaults

    print(pydantic.VERSION)
    print(sorted(n for n in dir(pydantic.BaseModel) if not n.startswith("_")))
    print(config_defaults["protected_namespaces"])
