"""Clientbook: `python main.py` serves the app; sub-commands maintain its data."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from services.settings import AppSettings


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='clientbook', description='Customer registration for small businesses.')
    commands = parser.add_subparsers(dest='command')
    commands.add_parser('serve', help='run the web app (the default)')
    seed = commands.add_parser('seed-demo', help='fill the database with realistic demo customers')
    seed.add_argument('--customers', type=int, default=200, help='how many customers to create (default 200)')
    seed.add_argument('--seed', type=int, default=None, help='random seed, for repeatable data')
    seed.add_argument('--categories', type=int, default=None, help='how many categories to spread them over')
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    arguments = parse_arguments(argv)
    settings = AppSettings()
    if arguments.command == 'seed-demo':
        from services.demo.seed import seed_demo_command

        asyncio.run(
            seed_demo_command(
                settings, customers=arguments.customers, seed=arguments.seed, categories=arguments.categories
            )
        )
        return
    from ui.app import run

    run(settings)


if __name__ == '__main__':
    # NiceGUI's User test fixture runs this file with pytest's arguments on the command line: serve then.
    main([] if os.environ.get('NICEGUI_USER_SIMULATION') else sys.argv[1:])
