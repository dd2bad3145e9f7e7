"""Log lines for people (`text`, the default) or for a log collector (`json`: one JSON object per line)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

TEXT_FORMAT = '%(asctime)s %(levelname)s %(name)s: %(message)s'


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "process"}`, plus `exception` with the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            'time': datetime.fromtimestamp(record.created, UTC).isoformat(timespec='milliseconds'),
            'level': record.levelname,
            'logger': record.name,
            'message': record.getMessage(),
            'process': record.process,
        }
        if record.exc_info:
            line['exception'] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(log_format: str) -> None:
    """Give the root logger our one handler (text or JSON); uvicorn's loggers are routed through it (`ui.app.run`).

    Idempotent. When someone else already handles the root logger (pytest's capture), it is left alone, as
    `logging.basicConfig` would.
    """
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if getattr(handler, 'clientbook', False)]:
        root.removeHandler(handler)
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter() if log_format == 'json' else logging.Formatter(TEXT_FORMAT))
        handler.clientbook = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    for name in ('uvicorn', 'uvicorn.error', 'uvicorn.access'):
        logging.getLogger(name).propagate = True
