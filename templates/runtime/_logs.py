"""The logging switch: ``<PREFIX>_LOG=info`` or ``debug`` in the environment turns on the
client's log lines (and httpx's) on stderr, as ``ANTHROPIC_LOG``/``OPENAI_LOG`` do for the
official SDKs.

No key reaches a log line: the client logs only requests whose credential headers are
masked, and every record of the package's logger and httpx's passes a filter that masks
the keys of the clients created so far, wherever they appear (a server echoing one in an
error body, a URL...).
"""

from __future__ import annotations

import logging
import os
import threading

__all__ = ["hide_in_logs", "logger", "setup_logging"]

# The generated package this file is copied into, e.g. "openai_client".
_PACKAGE = (__package__ or __name__).split(".")[0]
logger = logging.getLogger(_PACKAGE)
_httpx_logger = logging.getLogger("httpx")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
_MASK = "[redacted]"


class _SecretFilter(logging.Filter):
    """Masks every registered secret in a record's final message."""

    def __init__(self) -> None:
        super().__init__()
        # Replaced, never changed in place: a thread logging while another adds a key
        # reads one consistent tuple.
        self._secrets: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        with self._lock:
            if secret not in self._secrets:
                self._secrets = (*self._secrets, secret)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = message
        for secret in self._secrets:
            masked = masked.replace(secret, _MASK)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_secret_filter = _SecretFilter()
for _logger in (logger, _httpx_logger):
    _logger.addFilter(_secret_filter)


def hide_in_logs(secret: str | None) -> None:
    """Mask ``secret`` in every later log record of this package and of httpx."""
    if secret:
        _secret_filter.add(secret)


def setup_logging(env_var: str) -> None:
    """Apply ``os.environ[env_var]`` (``info`` or ``debug``, any case); anything else
    leaves logging as the application configured it."""
    level = _LEVELS.get(os.environ.get(env_var, "").strip().lower())
    if level is None:
        return
    if not logging.getLogger().handlers:
        logging.basicConfig(format=_FORMAT, datefmt="%Y-%m-%d %H:%M:%S")
    for each in (logger, _httpx_logger):
        each.setLevel(level)
