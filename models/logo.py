"""Company logos, stored by content so an invoice keeps the logo it was issued with."""

from tortoise import fields
from tortoise.models import Model


class Logo(Model):
    """A logo checked on upload (a PNG or JPEG that decodes), never changed afterwards."""

    sha256 = fields.CharField(max_length=64, primary_key=True)
    content_type = fields.CharField(max_length=20)
    data = fields.BinaryField()
    width = fields.IntField()
    height = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'logo'
