"""The vocabulary shared by the walk, the metrics and the report."""

from dataclasses import dataclass

from generator.compare.shape import Shape


@dataclass(frozen=True)
class Facts:
    """What one document says about one JSON position."""

    types: frozenset[str]  # JSON types without "null"; empty means any type
    nullable: bool
    enum: frozenset[str] | None  # canonical JSON texts of the allowed literals
    required: bool | None  # None for positions that are not named properties or parameters

    @classmethod
    def of(cls, shape: Shape, required: bool | None) -> "Facts":
        return cls(shape.types, shape.nullable, shape.enum, required)


@dataclass(frozen=True)
class Position:
    """One JSON path of a compared schema, with what each side says (None: side lacks it)."""

    path: str
    reconstructed: Facts | None
    authoritative: Facts | None
