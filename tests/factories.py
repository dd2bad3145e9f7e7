"""Drafts that pass validation, for tests that need a customer."""

from __future__ import annotations

from typing import Any

from services.drafts import CustomerDraft


def korean_draft(**changes: Any) -> CustomerDraft:
    values: dict[str, Any] = {
        'name': '김민준',
        'email': 'minjun.kim@example.kr',
        'phone': '010-1234-5678',
        'street': '세종대로 110',
        'postal_code': '04524',
        'city': '서울',
        'country': 'KR',
    }
    return CustomerDraft(**{**values, **changes})


def spanish_draft(**changes: Any) -> CustomerDraft:
    values: dict[str, Any] = {
        'kind': 'company',
        'name': 'Talleres Peña S.L.',
        'contact_person': 'José García',
        'email': 'jose@pena.es',
        'phone': '612 34 56 78',
        'street': 'Calle Mayor 12',
        'postal_code': '28013',
        'city': 'Madrid',
        'country': 'ES',
        'tax_id': 'B64717838',
    }
    return CustomerDraft(**{**values, **changes})
