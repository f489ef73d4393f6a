"""Reading OpenAPI documents: the one access layer that `generate`, `compare` and `diff` share.

- `load`: a YAML or JSON file (or text) → the document, with the line of every node when asked;
  bad input is a `RefgenError` at `file:line`, and alias bombs are refused.
- `sourcemap`: the source map beside a docs-derived document (page `file:line` per JSON pointer,
  and the evidence of what the pages did not state), formats 1 and 2.
- `refs`: `$ref` resolution (local JSON pointers) and the plain walk over a document's schemas.
- `pointer`: JSON pointers (RFC 6901), the one way places in a document are named.
"""
