"""The business that runs Clientbook: one row with its settings."""

from tortoise import fields
from tortoise.models import Model


class Company(Model):
    """Registration defaults plus what invoices and emails say about the business."""

    id = fields.IntField(primary_key=True)
    default_country = fields.CharField(max_length=2, default='DE')
    required_fields: fields.Field[list[str] | None] = fields.JSONField(null=True)
    name = fields.CharField(max_length=200, default='')
    address = fields.TextField(default='')
    tax_id = fields.CharField(max_length=40, default='')
    logo_sha256 = fields.CharField(max_length=64, null=True)
    brand_colour = fields.CharField(max_length=7, default='#1e4e79')
    sender_name = fields.CharField(max_length=100, default='')
    sender_email = fields.CharField(max_length=254, default='')
    payment_instructions = fields.TextField(default='')
    currency = fields.CharField(max_length=3, default='EUR')
    payment_terms_days = fields.IntField(default=14)
    welcome_subject = fields.CharField(max_length=200, default='')
    welcome_body = fields.TextField(default='')
    reminder_days: fields.Field[list[int] | None] = fields.JSONField(null=True)
    time_zone = fields.CharField(max_length=64, default='', db_default='')  # IANA name; '' = the server's zone
    # The business's language (a code of services.core.i18n.LANGUAGES; '' = English): customers default to it.
    language = fields.CharField(max_length=10, default='', db_default='')
    # Welcome email per language: {"ko": {"subject": ..., "body": ...}}; a missing language uses welcome_subject/body.
    welcome_texts: fields.Field[dict[str, dict[str, str]] | None] = fields.JSONField(null=True)
    # Settings -> Welcome invoice: see services.invoicing.welcome_preset.WelcomePreset for the shape; null = none yet.
    welcome_preset: fields.Field[dict[str, object] | None] = fields.JSONField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'company'
