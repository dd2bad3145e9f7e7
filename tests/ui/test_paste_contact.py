"""'Paste contact' on the New customer form: empty fields are filled and highlighted; nothing is saved."""

from nicegui.testing import User

from models import Customer
from tests.services.customers.test_paste_contact import GERMAN_SIGNATURE
from tests.ui.helpers import eventually, sign_in
from tests.ui.test_customer_form import open_form


async def test_pasting_a_signature_fills_and_highlights_the_empty_fields(user: User) -> None:
    await sign_in(user)
    await open_form(user)
    user.find(marker='field-email').type('einkauf@mueller.example')  # typed first: kept
    user.find(marker='paste-contact').click()
    await user.should_see(marker='paste-text', retries=20)
    user.find(marker='paste-text').type(GERMAN_SIGNATURE)
    user.find(marker='paste-fill').click()
    await eventually(lambda: user.find(marker='field-city').elements.pop().value == 'Berlin')
    values = {key: user.find(marker=f'field-{key}').elements.pop().value for key in ('name', 'postal_code', 'email')}
    assert values == {'name': 'Bäckerei Müller GmbH', 'postal_code': '10115', 'email': 'einkauf@mueller.example'}
    name = user.find(marker='field-name').elements.pop()
    email = user.find(marker='field-email').elements.pop()
    assert 'pasted-field' in name.classes and 'pasted-field' not in email.classes
    assert 'please check' in str(name.props.get('hint'))
    assert await Customer.all().count() == 0  # nothing saved without the user
