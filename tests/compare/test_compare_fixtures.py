"""Hand-made fixture pairs with figures computed by hand (see the comments for the counts)."""

from collections.abc import Callable

from generator.compare.comparison import DocumentComparison
from generator.compare.findings import operation_disagreements
from generator.compare.metrics import Agreement, Figures, figures, total

Compare = Callable[[str], DocumentComparison]


def _operation_figures(comparison: DocumentComparison, index: int = 0) -> Figures:
    return total(figures(section.positions) for section in comparison.operations[index].sections)


def _agreements(result: Figures) -> dict[str, tuple[int, int]]:
    return {
        name: (result.agreement(name).agree, result.agreement(name).total)
        for name in ("required", "types", "int_number", "nullability", "enums")
    }


def _lines(comparison: DocumentComparison) -> list[str]:
    return [item.line for item in operation_disagreements(comparison.operations[0])]


def test_metrics_fixture_matches_operation_despite_version_prefix_and_parameter_name(
    compare_fixture: Compare,
) -> None:
    comparison = compare_fixture("metrics")

    (operation,) = comparison.operations
    assert operation.label == "POST /widgets/{widget_id}"
    assert operation.reconstructed_path == "/v1/widgets/{id}"
    assert comparison.only_reconstructed == ("GET /v1/gadgets",)
    assert comparison.only_authoritative == ("GET /widgets",)


def test_metrics_fixture_figures(compare_fixture: Compare) -> None:
    result = _operation_figures(compare_fixture("metrics"))

    # parameters: widget_id, limit on both; cursor only reconstructed; order only authoritative.
    # request body: $, name, size. response: $, id, name, created_at, status, owner, tags,
    # tags[*] on both; color only reconstructed; ratio only authoritative.
    assert (result.both, result.only_reconstructed, result.only_authoritative) == (13, 2, 2)
    assert result.recall == result.precision == result.f1 == 13 / 15
    assert _agreements(result) == {
        # limit (1/2); name, size (2/2); id, name, created_at, owner, tags agree, status not (5/6)
        "required": (8, 10),
        # only tags[*] (integer vs string) disagrees; number vs integer counts as agreeing
        "types": (12, 13),
        # limit, size, created_at: number vs integer; tags[*] is not numeric on both sides
        "int_number": (0, 3),
        # response name: nullable only in the reconstruction
        "nullability": (12, 13),
        # status lacks "archived"; order (authoritative only) is not compared
        "enums": (0, 1),
    }


def test_metrics_fixture_disagreements(compare_fixture: Compare) -> None:
    prefix = "POST /widgets/{widget_id} "
    assert _lines(compare_fixture("metrics")) == [
        prefix + line
        for line in [
            "parameters query.cursor: only in reconstructed",
            "parameters query.limit: required yes vs no",
            "parameters query.limit: type number vs integer",
            "parameters query.order: only in authoritative",
            "request body $.size: type number vs integer",
            "response 200 $.color: only in reconstructed",
            "response 200 $.created_at: type number vs integer",
            "response 200 $.name: nullable yes vs no",
            "response 200 $.ratio: only in authoritative",
            "response 200 $.status: required no vs yes",
            'response 200 $.status: enum missing "archived"',
            "response 200 $.tags[*]: type integer vs string",
        ]
    ]


def test_normalisations_make_openai_idioms_equal_plain_31(compare_fixture: Compare) -> None:
    comparison = compare_fixture("normalisations")
    result = _operation_figures(comparison)

    # path.job_id; $, id, object, status, error, error.code, model, method, method.kind, mode,
    # details, details.base, details.extra, metadata, metadata.*
    assert (result.both, result.only_reconstructed, result.only_authoritative) == (16, 0, 0)
    assert _agreements(result) == {
        "required": (14, 14),  # every named property and the path parameter
        "types": (16, 16),
        "int_number": (1, 1),  # details.extra
        "nullability": (16, 16),  # error, model and metadata nullable on both sides
        "enums": (4, 4),  # object (const), status, method.kind (type inferred), mode (oneOf)
    }
    assert _lines(comparison) == []


def test_unions_pair_alternatives_by_structure_not_position(compare_fixture: Compare) -> None:
    comparison = compare_fixture("unions")
    body = comparison.operations[0].sections[0]

    paired = {p.path for p in body.positions if p.reconstructed and p.authoritative}
    # The reconstruction lists Multi, Python, Check; the paths use the authoritative numbering.
    assert "$.grader.anyOf[0].reference" in paired  # StringCheck
    assert "$.grader.anyOf[1].source" in paired  # PythonGrader
    assert "$.grader.anyOf[2].graders[*].input" in paired  # MultiGrader
    assert _lines(comparison) == [
        "POST /graders/run request body: media type application/json vs multipart/form-data",
        "POST /graders/run request body $.grader.anyOf[1].image_tag: only in reconstructed",
        "POST /graders/run response 201: status 200 vs 201",
    ]


def test_unions_fixture_figures_with_recursive_response(compare_fixture: Compare) -> None:
    comparison = compare_fixture("unions")
    response = comparison.operations[0].sections[1]

    # Node.children[*] is Node again: the walk stops where a schema pair repeats below itself.
    assert [position.path for position in response.positions] == [
        "$",
        "$.name",
        "$.children",
        "$.children[*]",
        "$.children[*].name",
        "$.children[*].children",
    ]
    result = _operation_figures(comparison)
    # body: $, grader, 3 + 2 + 6 alternative positions (image_tag extra); response: 6
    assert (result.both, result.only_reconstructed, result.only_authoritative) == (19, 1, 0)
    assert result.agreement("enums") == Agreement(4, 4)  # the four `type` discriminators
    assert result.agreement("int_number") == Agreement(0, 0)
    assert result.agreement("int_number").ratio is None
