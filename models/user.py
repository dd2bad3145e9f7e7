"""People on the team who use Clientbook, and their login sessions."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    ADMIN = 'admin'
    MEMBER = 'member'


class User(Model):
    """`can_view_notes` is granted separately from the role: without it a user sees no notes or attachments."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=100)
    password_hash = fields.CharField(max_length=200, default='')
    role = fields.CharEnumField(Role, max_length=10, default=Role.MEMBER)
    can_view_notes = fields.BooleanField(default=False)
    active = fields.BooleanField(default=True)
    # The language the user reads Clientbook in (a code of services.core.i18n.LANGUAGES); '' follows the browser.
    language = fields.CharField(max_length=10, default='', db_default='')
    created_at = fields.DatetimeField(auto_now_add=True)
    # A one-time link lets a new member choose their own password (only the token's hash is kept).
    setup_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    setup_token_expires_at = fields.DatetimeField(null=True)

    sessions: fields.ReverseRelation[Session]

    class Meta:
        table = 'app_user'


class Session(Model):
    """A login: only the SHA-256 of the random token is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        'models.User', related_name='sessions', on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    client_address = fields.CharField(max_length=64, default='')
    user_agent = fields.CharField(max_length=300, default='', db_default='')

    class Meta:
        table = 'session'
