"""`python -m bench` (`make bench`): every benchmark, or only the named ones (see BENCHMARKS)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = (
    'table', 'mail_pdf', 'mail_outbox', 'mail_ui', 'live_processes', 'backup', 'reports', 'import_csv', 'import_ui',
    'reports_ui', 'browser', 'startup', 'stack_floor',
)  # fmt: skip
# Only when named: needs the Django peer (its own venv) and takes minutes.
ON_REQUEST = ('browser', 'startup', 'stack_floor')


def main() -> None:
    chosen = sys.argv[1:] or [name for name in BENCHMARKS if name not in ON_REQUEST]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        sys.exit(f'unknown benchmark(s): {", ".join(unknown)}; choose from {", ".join(BENCHMARKS)}')
    for name in BENCHMARKS:
        if name in chosen:
            print(f'=== {name}', flush=True)
            module = importlib.import_module(f'bench.{name}')
            module.main([]) if name in (
                'table',
                'live_processes',
                'backup',
                'reports',
                'reports_ui',
                'import_csv',
                'import_ui',
                'browser',
                'startup',
                'stack_floor',
            ) else module.main()


if __name__ == '__main__':
    main()
