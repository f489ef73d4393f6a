"""The whole spec comparison: walk, work out schema usage, classify. Pure: dicts in, report out."""

from generator.diff.classify import Sources, classify
from generator.diff.records import Finding, Report, Side
from generator.diff.usage import schema_usage
from generator.diff.walk import walk


def compare_sides(base: Side, revision: Side) -> Report:
    result = walk(base.document, revision.document)
    usage = schema_usage(result.operation_links, result.schema_links)
    findings = classify(result, usage, Sources(base, revision))
    return Report(base.label, revision.label, tuple(sorted(findings, key=Finding.sort_key)))
