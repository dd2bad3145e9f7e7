"""The NiceGUI user interface; never imports tortoise or builds queries.

`app.py` composes it, `shell.py` draws the frame, `pages/` is the route table (one module per page); the components
live beside their domain: `customers/` (form, summary, profile; `customers/table/` for the list), `notes/`,
`invoicing/`, `mail/`, `access/` (sign-in, session, security middleware), `settings/`, and `common/` for dialogs,
formatting and the live-update helpers.
"""
