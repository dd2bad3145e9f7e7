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
    """Set the root logger's one handler; uvicorn's loggers are routed through it too (see `ui.app.run`)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == 'json' else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in ('uvicorn', 'uvicorn.error', 'uvicorn.access'):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
