"""A field's description is its own, not a union member's (issue 12 item 5): a page shows,
under a union field that says nothing of itself, the first described member's text; the field
takes none of it. A field that says something keeps it, and so does a field of one type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.pipeline import parse_pages
from generator.render.context import build_context
from tests.conftest import parsed_tree

MEMBERS = """
    - `UserActor object { user_id, type }`

      - `user_id: string`

      - `type: "user_actor"`

    - `SystemActor object { service, type }`

      Automated processing by the system.

      - `service: string`

      - `type: "system_actor"`
"""

PAGE = f"""# Events

## Domain Types

### Event

- `Event object {{ actor, owner, plain, id }}`

  Something that happened.

  - `actor: object {{ user_id, type }}  or object {{ service, type }}`

    Automated processing by the system.
{MEMBERS}
  - `owner: object {{ user_id, type }}  or object {{ service, type }}`

    Who owns the event.
{MEMBERS}
  - `plain: object {{ user_id, type }}  or object {{ service, type }}`
{MEMBERS}
  - `id: string`

    Automated processing by the system.
"""


def test_a_union_field_does_not_take_its_members_description(tmp_path: Path) -> None:
    page = tmp_path / "events.md"
    page.write_text(PAGE)
    document = parse_pages([page]).document
    schemas = document["components"]["schemas"]
    event = schemas["Event"]["properties"]
    assert "description" not in event["actor"]  # SystemActor's words, not the field's
    assert event["owner"]["description"] == "Who owns the event."
    assert "description" not in event["plain"]
    assert event["id"]["description"] == "Automated processing by the system."  # not a union
    assert schemas["SystemActor"]["description"] == "Automated processing by the system."
    context = build_context(document, "events")
    fields = {
        f.wire_name: f.description for m in context.models if m.name == "Event" for f in m.fields
    }
    assert fields["actor"] == "" and fields["owner"] == "Who owns the event."


def _members(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in schema.get("anyOf", schema.get("oneOf", [])) if m.get("type") != "null"]


def test_no_union_field_of_the_anthropic_tree_carries_a_members_description() -> None:
    document = parsed_tree("2026-08-22").document
    schemas = document["components"]["schemas"]

    def description(schema: dict[str, Any]) -> str | None:
        if "$ref" in schema:
            return schemas[schema["$ref"].rsplit("/", 1)[1]].get("description")
        return schema.get("description")

    borrowed, kept = [], []
    for name, schema in schemas.items():
        for field, prop in schema.get("properties", {}).items():
            members = _members(prop)
            if prop.get("description") in {description(m) for m in members} - {None}:
                (borrowed if len(members) >= 2 else kept).append(f"{name}.{field}")
    # Before: 331 union fields read their first described member's text (`actor` of the
    # compliance activities, `multiagent` of the agents' params...).
    assert borrowed == []
    # A field of one type (`X | null`) keeps the words the page gives it (171 today).
    assert len(kept) > 100
