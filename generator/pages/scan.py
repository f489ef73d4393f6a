"""One pass over the lines of a page, building the page model.

A plain line scan rather than a Markdown parser: the format only needs headings, fenced code,
operation lines and indented list items, and a line scan of the 22 MB Anthropic tree is more
than ten times faster than tokenising it with markdown-it-py.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import accumulate, islice

from generator.diagnostics import Diagnostics, Location, RefgenError
from generator.pages.errors import documented_errors
from generator.pages.model import (
    CodeBlock,
    DeclNode,
    DomainType,
    OperationBlock,
    Page,
    Section,
    SectionKind,
)
from generator.pages.pagelines import PageLines
from generator.pages.reader import SourceText

# Limits that keep memory and recursion bounded on hostile input, far above real pages.
MAX_DECLARATION_DEPTH = 100
# Blocks indented deeper are read line by line, not remembered (NodeTable.recall_block): one
# pattern is compiled per indentation (_block_end), and hostile pages must not make thousands.
MAX_BLOCK_INDENT = 2 * MAX_DECLARATION_DEPTH
# The texts remembered for one operation line (SectionMemo.recall_operation compares each): a
# real tree has a handful; hostile pages must not make each look-up compare thousands.
MAX_OPERATION_TEXTS = 16

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace"})

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_OPERATION = re.compile(r"^\*\*(?P<method>[A-Za-z]+)\*\*\s+`(?P<path>[^`]*)`\s*$")
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_DECLARATION = re.compile(r"^(?P<indent>\s*)[-*]\s+`(?P<text>[^`]+)`\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)[-*]\s+")
# First characters of a line that may start something other than description text: a fence,
# a heading, an operation line or a declaration.
_SPECIAL_FIRST = frozenset("`~#*-")
# A line that may end a section or a domain type, with the newline before it: a heading of level
# 1 to 3, or what may be an operation line (`[^\S\n]` is a space within the line). Deeper
# headings do not end the chunks the scan remembers (SectionMemo).
_BOUNDARY = re.compile(r"\n(?:#{1,3}[^\S\n]|\*\*[A-Za-z]+\*\*[^\S\n]+`)")
_PATH = re.compile(r"^/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]|\{[A-Za-z_][\w.-]*\}|/)*$")

# Section headings in every language seen in the corpus; matched case-insensitively.
SECTION_TITLES: dict[str, SectionKind] = {
    "path parameters": SectionKind.PATH,
    "query parameters": SectionKind.QUERY,
    "header parameters": SectionKind.HEADER,
    "cookie parameters": SectionKind.COOKIE,
    "body parameters": SectionKind.BODY,
    "request body": SectionKind.BODY,
    "returns": SectionKind.RETURNS,
    "example": SectionKind.EXAMPLE,
    "examples": SectionKind.EXAMPLE,
    "response": SectionKind.RESPONSE,
    "路径参数": SectionKind.PATH,
    "查询参数": SectionKind.QUERY,
    "请求头参数": SectionKind.HEADER,
    "标头参数": SectionKind.HEADER,
    "头部参数": SectionKind.HEADER,
    "cookie 参数": SectionKind.COOKIE,
    "请求体参数": SectionKind.BODY,
    "请求体": SectionKind.BODY,
    "返回": SectionKind.RETURNS,
    "返回值": SectionKind.RETURNS,
    "示例": SectionKind.EXAMPLE,
    "响应": SectionKind.RESPONSE,
}
DOMAIN_TYPES_TITLES = frozenset({"domain types", "域类型"})


# A declaration block by its text: the indentation of its declaration line, and its lines from
# that one to the last before the line that ends it (see _Scanner.block_end).
_BlockKey = tuple[int, tuple[str, ...]]


class NodeTable:
    """One object per distinct declaration subtree (text, description and children).

    A tree of pages repeats itself: every parent resource page holds its children's pages,
    and a named type is expanded in full wherever it is used. The 22 MB Anthropic tree has
    188 000 declaration nodes but only 8 300 distinct subtrees. Sharing them lets the schema
    builder treat a repeated definition once. A shared node keeps the location where it was
    first read (pages are read in sorted order, so that is stable)."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[str, str, tuple[int, ...]], DeclNode] = {}
        self._blocks: dict[_BlockKey, _NodeBuilder] = {}

    def node(
        self,
        text: str,
        description: str,
        children: tuple[DeclNode, ...],
        file: str,
        line: int,
        column: int,
    ) -> DeclNode:
        """The one node of this subtree; a new one is placed at `file:line:column`. (The place
        comes in parts: most subtrees are repeats, which need no Location made.)"""
        key = (text, description, tuple(map(id, children)))
        found = self._nodes.get(key)
        if found is None:
            found = DeclNode.make(text, Location(file, line, column), description, children)
            self._nodes[key] = found
        return found

    def recall_block(self, key: _BlockKey, depth: int) -> _NodeBuilder | None:
        """The declaration of a block read before (see _Scanner.block_end), if reading the block
        with `depth` declarations open around it cannot pass the depth limit."""
        found = self._blocks.get(key)
        if found is None or found.depth < depth:
            return None
        return found

    def remember_block(self, key: _BlockKey, declaration: _NodeBuilder) -> None:
        self._blocks[key] = declaration

    def forget_blocks(self, keys: list[_BlockKey]) -> None:
        """Blocks of a page whose reading failed: some may be cut short."""
        for key in keys:
            self._blocks.pop(key, None)

    def __len__(self) -> int:
        return len(self._nodes)


# A section or domain type as read once, by the text that makes it (see SectionMemo.key): its
# declarations, and its code blocks as (info, text, line offset from the section's heading).
_Remembered = tuple[tuple[DeclNode, ...], tuple[tuple[str, str, int], ...]]


class SectionMemo:
    """Each distinct section read once: the declarations of a `### Body Parameters` section (or
    of a domain type), by the text from its heading to the next line that may end it.

    The pages of a tree repeat one another (a resource page holds its method pages, a parent
    its children): the 21 MB Anthropic tree holds 11 MB of distinct sections. A section whose
    text was read before takes the declarations of the first reading (the very objects the
    NodeTable would have given it) and its own code blocks, placed at its own lines, without
    its lines being split or scanned again: the section is the rest of a stretch of the page
    (PageLines), whose text is a slice of the page's. Only a section that the first reading
    showed to be self-contained is remembered: read from a fresh tree, ended by the line after
    its text, and with no effect on anything else (no warning, no other section or
    operation)."""

    def __init__(self) -> None:
        self._sections: dict[tuple[object, ...], _Remembered] = {}
        # Operations by their line and heading level, each with the texts it was read with.
        self._operations: dict[tuple[str, int], list[_RememberedOperation]] = {}

    def recall(self, key: tuple[object, ...]) -> _Remembered | None:
        return self._sections.get(key)

    def remember(self, key: tuple[object, ...], remembered: _Remembered) -> None:
        self._sections[key] = remembered

    def operations_read(self, line: str, heading_level: int) -> list[_RememberedOperation]:
        """The operations read before from this operation line under this heading level."""
        return self._operations.get((line, heading_level), [])

    def remember_operation(
        self, line: str, heading_level: int, operation: _RememberedOperation
    ) -> None:
        known = self._operations.setdefault((line, heading_level), [])
        if len(known) < MAX_OPERATION_TEXTS:
            known.append(operation)

    def __len__(self) -> int:
        return len(self._sections)


@dataclass(frozen=True)
class _RememberedOperation:
    """An operation as read once (see _Scanner.recall_operation): its text, from its operation
    line to the line before the one that ended it (or to the end of the page), and what the
    reading made of it, with lines counted from the operation line."""

    text: str
    lines: int  # the lines of the text
    description: str
    # Each section as (kind, title, line, declarations, code blocks as (info, text, line)).
    sections: tuple[
        tuple[SectionKind, str, int, tuple[DeclNode, ...], tuple[tuple[str, str, int], ...]], ...
    ]

    def stands_at(self, text: str, start: int) -> bool:
        """Whether `text` holds this operation's text at `start`, as whole lines."""
        end = start + len(self.text)
        return text.startswith(self.text, start) and (end == len(text) or text[end] == "\n")


class _NodeBuilder:
    """A declaration being read. Its Location is made only when the subtree turns out to be
    new (most are repeats that the NodeTable already holds): the scan makes 188 000 of these
    for the Anthropic tree, and only 8 300 become nodes."""

    __slots__ = ("children", "column", "depth", "description", "indent", "line", "node", "text")

    def __init__(self, text: str, line: int, column: int, indent: int, depth: int) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.indent = indent
        self.depth = depth  # declarations open around it
        self.description: list[str] = []
        self.children: list[_NodeBuilder] = []
        self.node: DeclNode | None = None  # once frozen

    def freeze(self, table: NodeTable, file: str) -> DeclNode:
        # A builder stands for every later copy of its block (NodeTable.recall_block): it is
        # frozen where it was first read, which is where the NodeTable would place its node.
        node = self.node
        if node is None:
            children = tuple([child.freeze(table, file) for child in self.children])
            description = _join_description(self.description) if self.description else ""
            node = table.node(self.text, description, children, file, self.line, self.column)
            self.node = node
        return node


class _DeclTree:
    """Builds declaration trees from indented list items; other lines become descriptions of
    the innermost item they are indented under."""

    def __init__(self) -> None:
        self.roots: list[_NodeBuilder] = []
        self.stack: list[_NodeBuilder] = []

    def add_text(self, line: str, indent: int) -> None:
        """Description text of the innermost declaration it is indented under (text under
        none, before the first declaration, says nothing the model keeps)."""
        self._pop_to(indent)
        if self.stack:
            owner = self.stack[-1]
            self._append(owner.description, line, owner.indent + 2)

    def add_verbatim(self, line: str) -> None:
        """A line inside a fenced block: it belongs to whatever the fence belongs to."""
        if self.stack:
            self._append(self.stack[-1].description, line, self.stack[-1].indent + 2)

    def _pop_to(self, indent: int) -> None:
        stack = self.stack
        while stack and stack[-1].indent >= indent:
            stack.pop()

    @staticmethod
    def _append(description: list[str], line: str, strip: int) -> None:
        cut = len(line) - len(line.lstrip(" "))
        description.append(line[min(cut, strip) :].rstrip())

    def freeze(self, table: NodeTable, file: str) -> tuple[DeclNode, ...]:
        return tuple([root.freeze(table, file) for root in self.roots])


def _too_deep(location: Location) -> RefgenError:
    return RefgenError.at(
        location,
        f"declarations nested more than {MAX_DECLARATION_DEPTH} levels deep "
        "(the limit; the deepest real page has 17)",
    )


def _join_description(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


@dataclass
class _SectionBuilder:
    kind: SectionKind
    title: str
    location: Location
    tree: _DeclTree = field(default_factory=_DeclTree)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    # Set when the section ends (the declarations are frozen in reading order), or from the
    # SectionMemo when the section was read before.
    declarations: tuple[DeclNode, ...] | None = None

    def end(self, table: NodeTable) -> tuple[DeclNode, ...]:
        if self.declarations is None:
            self.declarations = self.tree.freeze(table, self.location.file)
        return self.declarations

    def freeze(self, table: NodeTable) -> Section:
        return Section(
            self.kind, self.title, self.location, self.end(table), tuple(self.code_blocks)
        )


@dataclass
class _DomainTypeBuilder:
    heading: str
    location: Location
    tree: _DeclTree = field(default_factory=_DeclTree)
    declarations: tuple[DeclNode, ...] | None = None  # from the SectionMemo

    def end(self, table: NodeTable) -> tuple[DeclNode, ...]:
        if self.declarations is None:
            self.declarations = self.tree.freeze(table, self.location.file)
        return self.declarations


@dataclass(frozen=True)
class _Reading:
    """A section being read for the first time, to be remembered if it proves self-contained."""

    key: tuple[object, ...]
    heading: int  # index of its heading line
    end: int  # index of the line that must end it
    diagnostics: int  # how many there were when it began
    operations: int
    domain_types: int


@dataclass(frozen=True)
class _OperationReading:
    """An operation being read for the first time, to be remembered if it proves
    self-contained (see _Scanner.remember_operation)."""

    line: str  # its operation line
    index: int  # the index of that line
    start: int  # where that line starts in the page's text
    diagnostics: int  # how many there were when it began


@dataclass
class _OperationBuilder:
    method: str
    path: str
    location: Location
    summary: str
    heading_level: int
    resource_headings: tuple[str, ...]
    description: list[str] = field(default_factory=list)
    sections: list[_SectionBuilder] = field(default_factory=list)

    def freeze(self, url: str, table: NodeTable) -> OperationBlock:
        return OperationBlock(
            self.method,
            self.path,
            self.location,
            self.summary,
            _join_description(self.description),
            self.resource_headings,
            url,
            tuple(s.freeze(table) for s in self.sections),
        )


@dataclass
class _Fence:
    marker: str
    info: str
    location: Location
    indent: int
    lines: list[str] = field(default_factory=list)


class _Span:
    """The lines of the section or domain type being read, as one text (its SectionMemo key),
    with where each line starts in it and where a fence may open: what finds the end of a
    declaration block (_Scanner.block_end). Measured when a block is first looked for."""

    __slots__ = ("fences", "first", "lines", "starts", "stop", "text")

    def __init__(self, first: int, stop: int, text: str) -> None:
        self.first = first  # the index of its first line in the page
        self.stop = stop  # the index of the line after it
        self.text = text  # its lines joined by newlines
        self.lines: list[str] = []
        self.starts: list[int] = []  # where each line starts, then one past the end
        self.fences: list[int] = []

    def measure(self, page: PageLines) -> list[int]:
        self.lines = page.lines(self.first, self.stop)
        self.starts = list(accumulate(map((1).__add__, map(len, self.lines)), initial=0))
        self.fences = sorted(_places(self.text, "```") + _places(self.text, "~~~"))
        return self.starts


class _Scanner:
    def __init__(
        self, source: SourceText, diagnostics: Diagnostics, table: NodeTable, memo: SectionMemo
    ) -> None:
        self.table = table
        self.memo = memo
        # The page's lines, cut at the lines that may end a section (_BOUNDARY): the first
        # line of each stretch is such a line, and a section remembered is the rest of one.
        self.page = PageLines(source.text, _BOUNDARY)
        self.boundaries = self.page.firsts
        self.span: _Span | None = None  # the section being read, if any
        self.blocks_read: list[_BlockKey] = []  # remembered in the NodeTable
        self.reading: _Reading | None = None
        self.at = 0  # the line being handled when a section or domain type ends
        self.skip_rest = False  # after a remembered section's heading: skip its stretch's rest
        self.skip_to = 0  # after a remembered operation's line: the line that ended it
        self.operation_reading: _OperationReading | None = None
        self.source = source
        self.diagnostics = diagnostics
        self.operations: list[OperationBlock] = []
        self.domain_types: list[DomainType] = []
        self.resources: list[tuple[int, str]] = []  # enclosing headings: (level, text)
        self.operation: _OperationBuilder | None = None
        self.tree: _DeclTree | None = None  # the tree of the section or domain type, if any
        self._section: _SectionBuilder | None = None
        self._domain_type: _DomainTypeBuilder | None = None
        self.domain_level = 0  # level of the open `## Domain Types` heading, 0 when none
        self.pending_summary: tuple[int, str] | None = None
        self.fence: _Fence | None = None
        self.title = source.front_matter.get("title", "")
        self.section_operations: list[tuple[str, str]] = []  # since the last resource heading

    def location(self, index: int, column: int = 0) -> Location:
        return Location(self.source.path, self.source.first_line + index, column)

    # `section` and `domain_type` decide which declaration tree takes the lines; `tree` is kept
    # beside them so that the loop below reads one attribute per line.
    @property
    def section(self) -> _SectionBuilder | None:
        return self._section

    @section.setter
    def section(self, value: _SectionBuilder | None) -> None:
        self._section = value
        self._retree()

    @property
    def domain_type(self) -> _DomainTypeBuilder | None:
        return self._domain_type

    @domain_type.setter
    def domain_type(self, value: _DomainTypeBuilder | None) -> None:
        self._domain_type = value
        self._retree()

    def _retree(self) -> None:
        if self._section is not None:
            self.tree = self._section.tree
        elif self._domain_type is not None:
            self.tree = self._domain_type.tree
        else:
            self.tree = None

    def run(self) -> Page:
        # The hot loop of the whole tool (every line of a 22 MB tree not in a remembered section
        # passes here): blank lines, lines inside fenced code, and the declarations and
        # description text of a section are handled here; headings, operation lines, fence
        # openings and other text go through content_line. The lines come stretch by stretch
        # (PageLines): a stretch whose first line opens a section read before is left after
        # that line, unsplit.
        page = self.page
        first_line = self.source.first_line
        match_declaration = _DECLARATION.match
        table = self.table
        count = page.count
        for start, stretch in page.stretches():
            if start < self.skip_to:  # a remembered operation's (recall_operation)
                continue
            rows = enumerate(stretch, start)
            for index, line in rows:
                fence = self.fence
                if fence is not None:
                    fence.lines.append(line)
                    stripped = line.strip()
                    if stripped.startswith(fence.marker) and not stripped.strip(fence.marker[0]):
                        self.close_fence()
                    continue
                stripped = line.lstrip()
                if not stripped:
                    tree = self.tree
                    if tree is not None:
                        if tree.stack:
                            tree.stack[-1].description.append("")
                    elif self.operation is not None and not self.operation.sections:
                        self.operation.description.append("")
                    continue
                first = stripped[0]
                tree = self.tree
                if tree is not None and (first == "-" or (first == "*" and line[:2] != "**")):
                    declaration = match_declaration(line)
                    if declaration:
                        indent = len(line) - len(stripped)
                        stack = tree.stack
                        while stack and stack[-1].indent >= indent:
                            stack.pop()
                        column = declaration.start("text") + 1
                        depth = len(stack)
                        if depth >= MAX_DECLARATION_DEPTH:
                            raise _too_deep(self.location(index, column))
                        siblings = stack[-1].children if stack else tree.roots
                        # A declaration with lines below it may have been read before (a bare
                        # one costs less to read than to look up).
                        lines = stretch.lines  # split: its first line is no declaration
                        below = index + 2 - start
                        if below < len(lines):
                            below_line = lines[below]
                        else:
                            below_line = page.line(index + 2) if index + 2 < count else ""
                        end = 0
                        if not below_line or below_line[: indent + 1].isspace():
                            end = self.block_end(index, indent)
                        if end:  # the block is in the stretch: block_end looks in its span
                            block = (indent, tuple(lines[index - start : end - start]))
                            known = table.recall_block(block, depth)
                            if known is not None:  # read before: on to the line that ends it
                                siblings.append(known)
                                if end > index + 1:
                                    next(islice(rows, end - index - 2, None), None)
                                continue
                        node = _NodeBuilder(
                            declaration.group("text"), first_line + index, column, indent, depth
                        )
                        if end and self.without_fence(index, end):
                            table.remember_block(block, node)
                            self.blocks_read.append(block)
                        siblings.append(node)
                        stack.append(node)
                        continue
                elif tree is not None and first not in _SPECIAL_FIRST:
                    # Description text (what tree.add_text does, inline).
                    indent = len(line) - len(stripped)
                    stack = tree.stack
                    while stack and stack[-1].indent >= indent:
                        stack.pop()
                    if stack:
                        owner = stack[-1]
                        cut = len(line) - len(line.lstrip(" "))
                        owner.description.append(line[min(cut, owner.indent + 2) :].rstrip())
                    continue
                self.content_line(index, line)
                if self.skip_rest:  # a remembered section or operation: the rest of the stretch
                    self.skip_rest = False
                    break
        self.at = count
        if self.fence is not None:
            self.diagnostics.warn(self.fence.location, "code block is never closed")
            self.close_fence()
        self.close_operation()
        self.close_domain_type()
        return Page(
            self.source.path,
            self.title,
            self.source.front_matter.get("url", ""),
            tuple(self.operations),
            tuple(self.domain_types),
        )

    # -- lines --------------------------------------------------------------------------

    def content_line(self, index: int, line: str) -> None:
        # Cheap first-character tests before the regular expressions: most lines are list
        # items and description text, and this loop runs for every line of a 22 MB tree.
        stripped = line.lstrip()
        first = stripped[0]
        if first in "`~":
            fence = _FENCE.match(line)
            if fence:
                self.open_fence(index, fence)
                return
        elif first == "#" and line[0] == "#":
            heading = _HEADING.match(line)
            if heading:
                self.heading(index, len(heading.group("hashes")), heading.group("text"))
                return
        elif first == "*" and line.startswith("**"):
            operation = _OPERATION.match(line)
            if operation:
                self.operation_line(index, operation)
                return
        self.text_line(index, line, len(line) - len(stripped), first)

    def text_line(self, index: int, line: str, indent: int, first: str) -> None:
        """A line that is none of the above. (A declaration inside a section never comes here:
        run() takes it.)"""
        tree = self.tree
        if tree is None:
            if self.operation is not None and not self.operation.sections:
                self.operation.description.append(line.rstrip())
            elif self.operation is None and first in "-*" and _stray_field(line):
                self.diagnostics.warn(
                    self.location(index, indent + 1),
                    "declaration outside any parameters, returns or domain-types section; "
                    "it is ignored",
                    line,
                )
            return
        if line.lstrip().startswith(("- `", "* `")) and line.count("`") % 2 == 1:
            raise RefgenError.at(
                self.location(index, line.index("`") + 1), "code span is never closed", line
            )
        tree.add_text(line, indent)

    # -- fenced code ----------------------------------------------------------------------

    def open_fence(self, index: int, match: re.Match[str]) -> None:
        marker = match.group("fence")
        self.fence = _Fence(
            marker, match.group("info").strip(), self.location(index), len(match.group("indent"))
        )
        self.fence.lines.append(match.string)

    def close_fence(self) -> None:
        fence = self.fence
        assert fence is not None
        self.fence = None
        tree = self.tree
        section = self.section
        owned_by_declaration = tree is not None and tree.stack and fence.indent > 0
        if section is not None and not owned_by_declaration:
            body = "\n".join(line[fence.indent :] for line in fence.lines[1:-1])
            section.code_blocks.append(CodeBlock(fence.info, body, fence.location))
        elif tree is not None:
            for line in fence.lines:
                tree.add_verbatim(line)
        elif self.operation is not None and not self.operation.sections:
            self.operation.description.extend(line.rstrip() for line in fence.lines)

    # -- structure --------------------------------------------------------------------------

    def heading(self, index: int, level: int, text: str) -> None:
        self.at = index
        folded = text.strip().lower()
        if folded in DOMAIN_TYPES_TITLES:
            self.close_operation()
            self.close_domain_type()
            self.domain_level = level
            return
        kind = SECTION_TITLES.get(folded)
        if self.operation is not None:
            if kind is not None:
                self.open_section(kind, text, index)
                return
            if self.describes_operation(index, level):
                self.operation.description.append("#" * level + " " + text)
                return
            if self.section is not None and level > self.operation.heading_level:
                return  # an unknown sub-heading inside a section, such as an extra example
            self.close_operation()
        if self.next_is_operation(index):
            self.close_domain_type()
            self.pending_summary = (level, text.strip())
            return
        if self.domain_level and level > self.domain_level:
            self.close_domain_type()
            self.domain_type = _DomainTypeBuilder(text.strip(), self.location(index))
            self.recall(index, ("domain type",))
            return
        self.close_domain_type()
        self.domain_level = 0
        while self.resources and self.resources[-1][0] >= level:
            self.resources.pop()
        self.resources.append((level, text.strip()))
        self.section_operations = []

    def describes_operation(self, index: int, level: int) -> bool:
        """A heading inside an operation's description: sections have not started, and it is
        not the heading of the next operation."""
        assert self.operation is not None
        return not self.operation.sections and not self.next_is_operation(index)

    def next_is_operation(self, index: int) -> bool:
        line = self.page.next_filled(index)
        return line is not None and _OPERATION.match(line) is not None

    def operation_line(self, index: int, match: re.Match[str]) -> None:
        self.at = index
        self.close_operation()
        self.close_domain_type()
        method = match.group("method").lower()
        path = match.group("path").strip()
        location = self.location(index, 1)
        if method not in HTTP_METHODS:
            raise RefgenError.at(location, f"unknown HTTP method {method!r}", match.string)
        if not _PATH.match(path):
            raise RefgenError.at(
                location,
                f"malformed path {path!r}: expected /segments with {{name}} parameters",
                match.string,
            )
        self.section_operations.append((method, path))
        level, summary = self.pending_summary or (0, "")
        self.pending_summary = None
        self.operation = _OperationBuilder(
            method,
            path,
            location,
            summary,
            level,
            tuple(
                text for heading_level, text in self.resources if heading_level < level or not level
            ),
        )
        self.recall_operation(index, match.string)

    def open_section(self, kind: SectionKind, title: str, index: int) -> None:
        assert self.operation is not None
        self.end_section()
        self.section = _SectionBuilder(kind, title.strip(), self.location(index))
        self.operation.sections.append(self.section)
        # Whether a heading ends the section depends on the operation's heading level.
        self.recall(index, ("section", self.operation.heading_level))

    def end_section(self) -> None:
        """The open section is complete: its declarations are frozen now, in reading order."""
        section = self.section
        if section is not None:
            self.remember(section.end(self.table), tuple(section.code_blocks))

    # -- declaration blocks read before (NodeTable.recall_block) -----------------------------

    def block_end(self, index: int, indent: int) -> int:
        """The end of the block of the declaration at `index` (the index of the line after it),
        or 0 when the block is not to be remembered. The block is the declaration's line and
        the lines below it that are blank or indented deeper than `indent`; it is remembered,
        if it holds no fence (without_fence), when what these lines build depends on them
        alone: when the line that ends it closes the declaration (see leaves_open). Only the
        blocks of a section being read (SectionMemo) are looked at: their text is at hand."""
        span = self.span
        if span is None or not span.first <= index < span.stop or indent > MAX_BLOCK_INDENT:
            return 0
        starts = span.starts or span.measure(self.page)
        line = index - span.first
        found = _block_end(indent).search(span.text, starts[line + 1] - 1)
        if found is None:
            end = span.stop
        elif found.group()[-1].isspace():
            return 0  # a tab or another space before the text: not worth counting exactly
        else:
            end = span.first + bisect_left(starts, found.start() + 1, line + 1)
        if end < span.stop:
            closing = span.lines[end - span.first]
        elif end < self.page.count:
            closing = self.page.line(end)
        else:
            return end
        return 0 if self.leaves_open(closing) else end

    def without_fence(self, index: int, end: int) -> bool:
        """Whether no line from `index` to `end` may open a fence, whose lines stand at any
        indentation and go wherever the fence belongs. (The same lines always say the same:
        a block's key is its lines.)"""
        span = self.span
        assert span is not None  # block_end found the end in it
        starts, fences = span.starts, span.fences
        fence = bisect_left(fences, starts[index - span.first])
        return fence == len(fences) or fences[fence] >= starts[end - span.first]

    def leaves_open(self, line: str) -> bool:
        """Whether a line indented no deeper than the open declarations leaves them open: a
        fence (its lines go to the innermost declaration, or it is a code block of the section)
        or a heading that the section reads past (heading()); any other line closes them."""
        if line.lstrip()[:1] not in ("#", "`", "~"):
            return False
        if _FENCE.match(line):
            return True
        if line[0] != "#" or self.section is None or self.operation is None:
            return False
        heading = _HEADING.match(line)
        if heading is None:
            return False
        folded = heading.group("text").strip().lower()
        return (
            folded not in DOMAIN_TYPES_TITLES
            and folded not in SECTION_TITLES
            and len(heading.group("hashes")) > self.operation.heading_level
        )

    # -- sections read before (SectionMemo) -------------------------------------------------

    def recall(self, heading: int, kind: tuple[object, ...]) -> None:
        """At the heading of a section or domain type: when its text was read before, take
        what that reading found and skip its lines; else read it, to be remembered."""
        page = self.page
        following = bisect_right(self.boundaries, heading)
        end = self.boundaries[following] if following < len(self.boundaries) else page.count
        ending = page.line(end) if end < page.count else None
        text = page.joined(heading + 1, end)
        key = (*kind, ending, text)
        found = self.memo.recall(key)
        self.span = None
        if found is None:
            self.span = _Span(heading + 1, end, text)
            self.reading = _Reading(
                key,
                heading,
                end,
                self.diagnostics.given,
                len(self.operations),
                len(self.domain_types),
            )
            return
        declarations, code_blocks = found
        if self.section is not None:
            self.section.declarations = declarations
            self.section.code_blocks = [
                CodeBlock(info, text, self.location(heading + offset))
                for info, text, offset in code_blocks
            ]
        elif self.domain_type is not None:
            self.domain_type.declarations = declarations
        self.reading = None
        # The section's lines are the rest of the heading's stretch (its end is the next
        # stretch's first line): run() leaves them unread, and unsplit.
        self.skip_rest = end > heading + 1

    def remember(
        self, declarations: tuple[DeclNode, ...], code_blocks: tuple[CodeBlock, ...]
    ) -> None:
        """At the end of a section or domain type read for the first time: remember it when
        it ended where its text ends and did nothing but build itself."""
        reading, self.reading = self.reading, None
        if (
            reading is None
            or self.at != reading.end
            or self.fence is not None
            or self.diagnostics.given != reading.diagnostics
            or len(self.operations) != reading.operations
            or len(self.domain_types) != reading.domain_types
        ):
            return
        first_line = self.source.first_line
        self.memo.remember(
            reading.key,
            (
                declarations,
                tuple(
                    (block.info, block.text, block.location.line - first_line - reading.heading)
                    for block in code_blocks
                ),
            ),
        )

    # -- operations read before (SectionMemo.recall_operation) ------------------------------

    def recall_operation(self, index: int, line: str) -> None:
        """At an operation line (the first of its stretch, as _BOUNDARY finds them): when the
        operation's text was read before with the same heading level, and the end of the page
        or a line that closes it (closes_operation) follows that text here too, make its
        located objects from that reading and go on from that line; else read it, to be
        remembered. (What else a reading depends on is made new at every operation line: no
        section, domain type or fence is open; the operation's summary, enclosing headings and
        page are each copy's own. And a reading that began its sections looks at no line past
        the one that closes it, nor at what that line is but that it closes the operation.)"""
        operation = self.operation
        assert operation is not None
        page = self.page
        start = page.offsets[bisect_right(self.boundaries, index) - 1]
        for found in self.memo.operations_read(line, operation.heading_level):
            if found.stands_at(page.text, start) and self.closed_at(index + found.lines):
                break
        else:
            self.operation_reading = _OperationReading(line, index, start, self.diagnostics.given)
            return
        located = self.location
        sections = tuple(
            Section(
                kind,
                title,
                located(index + heading),
                declarations,
                tuple(
                    CodeBlock(info, text, located(index + fence)) for info, text, fence in blocks
                ),
            )
            for kind, title, heading, declarations, blocks in found.sections
        )
        self.operations.append(
            OperationBlock(
                operation.method,
                operation.path,
                operation.location,
                operation.summary,
                found.description,
                operation.resource_headings,
                self.source.front_matter.get("url", ""),
                sections,
            )
        )
        # The first reading closed the operation at the line after its text, and this line
        # closes it too: run() goes on from it, with no operation open, as after that close.
        self.operation = None
        self.skip_to = index + found.lines
        self.skip_rest = True

    def closed_at(self, index: int) -> bool:
        """Whether the open operation, its sections begun, is closed at the line `index` (or by
        the end of the page) whatever came before, and run() can go on from that line: the
        first line of a stretch."""
        page = self.page
        if index == page.count:
            return True
        assert self.operation is not None
        return self.boundaries[bisect_right(self.boundaries, index) - 1] == index and (
            closes_operation(page.line(index), self.operation.heading_level)
        )

    def remember_operation(self, block: OperationBlock, heading_level: int) -> None:
        """At the end of an operation read for the first time: remember it when it began its
        sections, said nothing, and was closed where any copy would be (closed_at). (An
        operation without sections may be closed by a heading because an operation line
        follows: what it reads depends on lines past its own. And no other operation or domain
        type can end while it is open: whatever ends one closes it first.)"""
        reading, self.operation_reading = self.operation_reading, None
        if reading is None or not block.sections or self.diagnostics.given != reading.diagnostics:
            return
        page, at = self.page, self.at
        if not self.closed_at(at):
            return
        end = page.offsets[bisect_right(self.boundaries, at) - 1] - 1 if at < page.count else None
        first = self.source.first_line + reading.index
        sections = tuple(
            (
                section.kind,
                section.title,
                section.location.line - first,
                section.declarations,
                tuple(
                    (block.info, block.text, block.location.line - first)
                    for block in section.code_blocks
                ),
            )
            for section in block.sections
        )
        self.memo.remember_operation(
            reading.line,
            heading_level,
            _RememberedOperation(
                page.text[reading.start : end],
                at - reading.index,
                block.description,
                sections,
            ),
        )

    def close_operation(self) -> None:
        self.end_section()
        operation = self.operation
        if operation is not None:
            url = self.source.front_matter.get("url", "")
            block = operation.freeze(url, self.table)
            self.remember_operation(block, operation.heading_level)
            self.operations.append(block)
        self.operation = None
        self.section = None

    def close_domain_type(self) -> None:
        domain_type = self.domain_type
        if domain_type is not None:
            declarations = domain_type.end(self.table)
            self.remember(declarations, ())
            self.domain_types.append(
                DomainType(
                    domain_type.heading,
                    declarations,
                    domain_type.location,
                    tuple(self.section_operations),
                )
            )
        self.domain_type = None


@cache
def _block_end(indent: int) -> re.Pattern[str]:
    """A newline, then a line whose text starts after at most `indent` spaces: the line that
    ends the block of a declaration indented `indent`, unless the character found is another
    space such as a tab (which the caller checks: counting them as str.lstrip does is not worth
    it). Spaces only, taken without backtracking: twice as fast as any whitespace."""
    return re.compile(rf"\n {{0,{indent}}}+[^ \n]")


def _places(text: str, marker: str) -> list[int]:
    """Where `marker` stands in `text` (str.find: five times faster than a regular expression
    here)."""
    found: list[int] = []
    place = text.find(marker)
    while place >= 0:
        found.append(place)
        place = text.find(marker, place + len(marker))
    return found


def closes_operation(line: str, heading_level: int) -> bool:
    """Whether `line` closes an open operation of that heading level whose sections have begun
    (see _Scanner.heading): an operation line, a Domain Types heading, or any other heading
    that is no section's and is no deeper than the operation's."""
    if line[:1] == "*":
        return _OPERATION.match(line) is not None
    heading = _HEADING.match(line)
    if heading is None:
        return False
    folded = heading.group("text").strip().lower()
    if folded in DOMAIN_TYPES_TITLES:
        return True
    return folded not in SECTION_TITLES and len(heading.group("hashes")) <= heading_level


def _stray_field(line: str) -> bool:
    """A field declaration (`- `name: type``) standing where no section can hold it; a lone
    value such as `- `2023-06-01`` is an ordinary list item of a prose page."""
    declaration = _DECLARATION.match(line)
    return declaration is not None and ": " in declaration.group("text")


def scan_page(
    source: SourceText,
    diagnostics: Diagnostics,
    table: NodeTable | None = None,
    memo: SectionMemo | None = None,
) -> Page:
    """The page model of one page. Pass one `table` and one `memo` to every page of a tree so
    that the declarations the pages repeat are shared (NodeTable) and the sections they repeat
    are read once (SectionMemo)."""
    table = table if table is not None else NodeTable()
    scanner = _Scanner(source, diagnostics, table, memo if memo is not None else SectionMemo())
    try:
        page = scanner.run()
    except BaseException:  # whatever stopped it, a block may be cut short
        table.forget_blocks(scanner.blocks_read)
        raise
    errors = documented_errors(source)  # an errors page's list (pages/errors.py)
    return replace(page, errors=errors) if errors else page
