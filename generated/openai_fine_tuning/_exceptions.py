"""Every error the client raises, and how HTTP failures are turned into them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "UnprocessableEntityError",
]

REDACTED = "[redacted]"
# Error bodies can be whole HTML pages; the message keeps only the start.
_MAX_DETAIL_CHARS = 500


class SDKError(Exception):
    """Root of every error this package raises."""


class MissingAPIKeyError(SDKError):
    """No API key was passed to the client and its environment variable is unset."""

    def __init__(self, *, client_name: str, env_var: str | None) -> None:
        where = f" or set the {env_var} environment variable" if env_var else ""
        super().__init__(f"No API key: pass api_key=... to {client_name}(){where}.")


class APIError(SDKError):
    """An error tied to one request: ``body`` is what the server sent, when there was a reply."""

    def __init__(self, message: str, *, request: httpx.Request, body: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The request never got a complete HTTP reply (refused, reset, DNS, protocol error...)."""

    def __init__(self, *, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""

    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(request=request, message="Request timed out.")


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status.

    ``body`` is the raw response text; ``error`` is that text parsed as JSON, or
    None when it is not JSON.
    """

    body: str

    def __init__(
        self, message: str, *, response: httpx.Response, body: str, error: object | None
    ) -> None:
        super().__init__(message, request=response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.error = error


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429."""


class InternalServerError(APIStatusError):
    """Any 5xx."""


class APIResponseValidationError(APIError):
    """The response did not match its declared type (raised only in strict mode).

    ``errors`` are pydantic's error details, with ``loc`` relative to the response body.
    """

    def __init__(
        self, *, response: httpx.Response, body: object, errors: Sequence[Mapping[str, object]]
    ) -> None:
        summary = "; ".join(_describe_validation_error(error) for error in errors[:5])
        super().__init__(
            f"Response did not match its declared type: {summary}",
            request=response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code
        self.errors = list(errors)


_STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(response: httpx.Response, *, secret: str | None) -> APIStatusError:
    """Build the error for a 4xx/5xx response whose body has been read.

    ``secret`` (the API key) is removed from the message, as servers sometimes echo it.
    """
    body = response.text
    error = _json_or_none(body)
    error_class: type[APIStatusError]
    if response.status_code >= 500:
        error_class = InternalServerError
    else:
        error_class = _STATUS_ERRORS.get(response.status_code, APIStatusError)
    detail = _error_detail(error, body)
    message = f"{response.status_code} {response.reason_phrase}: {detail}"
    return error_class(_redact(message, secret), response=response, body=body, error=error)


def stream_error(request: httpx.Request, data: str) -> APIError:
    """Build the error for an ``event: error`` received in a server-sent event stream."""
    error = _json_or_none(data)
    return APIError(
        f"Error event in stream: {_error_detail(error, data)}",
        request=request,
        body=data if error is None else error,
    )


def transport_error(request: httpx.Request, exc: httpx.TransportError) -> APIConnectionError:
    """Map an httpx transport failure to the matching API error."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    return APIConnectionError(request=request, message=f"Connection error: {exc}")


@contextmanager
def mapped_transport_errors(request: httpx.Request) -> Iterator[None]:
    """Re-raise httpx transport failures (e.g. while reading a stream) as API errors."""
    try:
        yield
    except httpx.TransportError as exc:
        raise transport_error(request, exc) from exc


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, REDACTED) if secret else text


def _json_or_none(text: str) -> object | None:
    try:
        parsed: object = json.loads(text)
    except ValueError:
        return None
    return parsed


def _error_detail(error: object | None, body: str) -> str:
    """The human-readable part of an error body: OpenAI and Anthropic both nest it in
    ``{"error": {"message": ...}}``; anything else is shown as (the start of) the raw text."""
    if isinstance(error, Mapping):
        inner = error.get("error")
        if isinstance(inner, Mapping) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
        if isinstance(error.get("message"), str):
            return str(error["message"])
    text = body.strip()
    if not text:
        return "(empty body)"
    return text if len(text) <= _MAX_DETAIL_CHARS else text[:_MAX_DETAIL_CHARS] + "..."


def _describe_validation_error(error: Mapping[str, object]) -> str:
    loc = error.get("loc")
    path = ".".join(str(part) for part in loc) if isinstance(loc, tuple | list) else ""
    return f"{path or '(root)'}: {error.get('msg')}"
