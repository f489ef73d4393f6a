"""Comparing two documents: match operations, then walk each compared section of each pair."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.compare.facts import Position
from generator.compare.normalise import Normaliser
from generator.compare.operations import Operation, match_operations
from generator.compare.paths import property_segment
from generator.compare.sections import (
    BODY_MEDIA_TYPES,
    Parameter,
    parameters,
    request_bodies,
    success_response,
)
from generator.compare.structure import Child, StructureWalker
from generator.spec.operations import path_variables
from generator.spec.refs import Resolver, SchemaView


@dataclass(frozen=True)
class Note:
    """A difference that concerns a whole section rather than a JSON position."""

    kind: str  # "media_type" or "status"
    reconstructed: str
    authoritative: str


@dataclass(frozen=True)
class Section:
    name: str  # "parameters", "request body" or "response 200"
    # Positions in depth-first walk order: a subtree's positions directly follow its root.
    positions: tuple[Position, ...]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class OperationComparison:
    method: str
    path: str  # authoritative spelling
    reconstructed_path: str
    sections: tuple[Section, ...]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class DocumentComparison:
    operations: tuple[OperationComparison, ...]
    only_reconstructed: tuple[str, ...]  # operation labels
    only_authoritative: tuple[str, ...]


def compare_documents(
    reconstructed: Mapping[str, Any],
    authoritative: Mapping[str, Any],
    reconstructed_source: str = "reconstructed",
    authoritative_source: str = "authoritative",
) -> DocumentComparison:
    """Compare every operation both documents contain; the sources name files in errors."""
    comparer = _OperationComparer(
        Resolver(reconstructed, reconstructed_source), Resolver(authoritative, authoritative_source)
    )
    matching = match_operations(reconstructed, authoritative)
    return DocumentComparison(
        operations=tuple(comparer.compare(rec, auth) for rec, auth in matching.pairs),
        only_reconstructed=tuple(operation.label for operation in matching.only_reconstructed),
        only_authoritative=tuple(operation.label for operation in matching.only_authoritative),
    )


class _OperationComparer:
    def __init__(self, reconstructed: Resolver, authoritative: Resolver) -> None:
        self._rec = reconstructed
        self._auth = authoritative
        self._walker = StructureWalker(Normaliser(reconstructed), Normaliser(authoritative))

    def compare(self, rec: Operation, auth: Operation) -> OperationComparison:
        candidates = (
            self._parameters(rec, auth),
            self._request_body(rec, auth),
            self._response(rec, auth),
        )
        sections = tuple(section for section in candidates if section.positions or section.notes)
        return OperationComparison(auth.method, auth.path, rec.path, sections)

    def _parameters(self, rec: Operation, auth: Operation) -> Section:
        rec_parameters = _renamed_path_parameters(parameters(rec, self._rec), rec.path, auth.path)
        auth_parameters = parameters(auth, self._auth)
        keys = list(auth_parameters)
        keys.extend(key for key in rec_parameters if key not in auth_parameters)
        positions: list[Position] = []
        for location, name in keys:
            rec_child = _parameter_child(rec_parameters.get((location, name)))
            auth_child = _parameter_child(auth_parameters.get((location, name)))
            root = location + property_segment(name)
            positions.extend(self._walker.walk(root, rec_child, auth_child))
        return Section("parameters", tuple(positions))

    def _request_body(self, rec: Operation, auth: Operation) -> Section:
        rec_bodies = request_bodies(rec, self._rec)
        auth_bodies = request_bodies(auth, self._auth)
        rec_media, auth_media = _chosen_media_types(rec_bodies, auth_bodies)
        positions = self._walker.walk(
            "$",
            _body_child(rec_bodies[rec_media] if rec_media else None),
            _body_child(auth_bodies[auth_media] if auth_media else None),
        )
        return Section("request body", tuple(positions), _note("media_type", rec_media, auth_media))

    def _response(self, rec: Operation, auth: Operation) -> Section:
        rec_status, rec_schema = success_response(rec, self._rec) or (None, None)
        auth_status, auth_schema = success_response(auth, self._auth) or (None, None)
        status = auth_status or rec_status
        if status is None:
            return Section("response", ())
        positions = self._walker.walk("$", _body_child(rec_schema), _body_child(auth_schema))
        return Section(
            f"response {status}", tuple(positions), _note("status", rec_status, auth_status)
        )


def _chosen_media_types(
    rec: dict[str, SchemaView], auth: dict[str, SchemaView]
) -> tuple[str | None, str | None]:
    """Like with like when both sides accept a media type, else each side's preferred one."""
    common = [media for media in BODY_MEDIA_TYPES if media in rec and media in auth]
    if common:
        return common[0], common[0]
    return next(iter(rec), None), next(iter(auth), None)


def _renamed_path_parameters(
    found: dict[tuple[str, str], Parameter], rec_path: str, auth_path: str
) -> dict[tuple[str, str], Parameter]:
    """Path parameters keyed by the authoritative name at the same position in the path."""
    renames = dict(zip(path_variables(rec_path), path_variables(auth_path), strict=False))
    return {
        (location, renames.get(name, name) if location == "path" else name): parameter
        for (location, name), parameter in found.items()
    }


def _parameter_child(parameter: Parameter | None) -> Child | None:
    return ((parameter.schema,), parameter.required) if parameter else None


def _body_child(schema: SchemaView | None) -> Child | None:
    return ((schema,), None) if schema is not None else None


def _note(kind: str, rec: str | None, auth: str | None) -> tuple[Note, ...]:
    return (Note(kind, rec, auth),) if rec and auth and rec != auth else ()
