"""`python -m bench` (`make bench`): run every benchmark module in this folder that has a `main()`, in name order."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    chosen = set(sys.argv[1:])
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if module.name.startswith('_') or (chosen and module.name not in chosen):
            continue
        bench = importlib.import_module(f'bench.{module.name}')
        if hasattr(bench, 'main'):
            print(f'=== {module.name}', flush=True)
            bench.main()


if __name__ == '__main__':
    main()
