"""`python -m bench` (`make bench`): every benchmark, or only the named ones (see BENCHMARKS)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ('table', 'mail_pdf', 'mail_outbox', 'mail_ui', 'live_processes', 'backup', 'reports')


def main() -> None:
    chosen = sys.argv[1:] or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        sys.exit(f'unknown benchmark(s): {", ".join(unknown)}; choose from {", ".join(BENCHMARKS)}')
    for name in BENCHMARKS:
        if name in chosen:
            print(f'=== {name}', flush=True)
            module = importlib.import_module(f'bench.{name}')
            module.main([]) if name in ('table', 'live_processes', 'backup', 'reports') else module.main()


if __name__ == '__main__':
    main()
