"""refgen: API reference pages in, OpenAPI 3.1 fragment, Pydantic models, client and docs out."""

__version__ = "0.1.0"
