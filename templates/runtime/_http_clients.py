"""The httpx clients the API clients use, with the same defaults, for callers who pass their
own ``http_client=`` (proxies, custom transports, limits) without losing those defaults.

``DefaultAioHttpClient`` runs httpx over aiohttp for high-concurrency async use. It needs
the optional ``httpx-aiohttp`` package (``pip install httpx-aiohttp``, the transport the
official SDKs ship behind their ``aiohttp`` extra); it is imported when the first such
client is made, so importing this package stays as fast without it, and creating one
without the package raises ``ImportError`` saying what to install.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_TIMEOUT",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
]

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
AIOHTTP_EXTRA = "httpx-aiohttp"


def _with_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
    # The API client follows redirects itself, dropping credentials when the origin
    # changes; this setting only says whether to follow them at all.
    kwargs.setdefault("follow_redirects", True)
    return kwargs


class DefaultHttpxClient(httpx.Client):
    """``httpx.Client`` with the API client's defaults (timeout, connection limits, redirects)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` with the API client's defaults."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs))


class DefaultAioHttpClient(httpx.AsyncClient):
    """``httpx.AsyncClient`` on an aiohttp transport, with the API client's defaults.

    Pass it as ``AsyncClient(http_client=DefaultAioHttpClient())``. ``transport=`` given
    explicitly wins; the aiohttp transport gets ``verify``, ``cert``, ``trust_env`` and
    ``limits``.
    """

    def __init__(self, **kwargs: Any) -> None:
        try:
            from httpx_aiohttp import AiohttpTransport
        except ImportError as exc:
            raise ImportError(
                f"DefaultAioHttpClient needs the optional {AIOHTTP_EXTRA!r} package: "
                f"pip install {AIOHTTP_EXTRA}"
            ) from exc
        kwargs = _with_defaults(kwargs)
        if "transport" not in kwargs:
            shared = ("verify", "cert", "trust_env", "limits")
            kwargs["transport"] = AiohttpTransport(
                **{name: kwargs[name] for name in shared if name in kwargs}
            )
        super().__init__(**kwargs)
