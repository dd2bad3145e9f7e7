"""What every other package may use, and which uses none of them: settings, database start-up, clock, errors,
events, actors and audit, numbering, shared reads, network, countries, money, field validators and the company row.

Imports only `models` and libraries.
"""
