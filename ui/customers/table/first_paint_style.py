"""The style sheet of the first paint's layer (first_paint.py), inside its shadow root."""

from __future__ import annotations

from ui.common.accessibility import COLOURS

# The layer's own style sheet, inside its shadow root: only the rules its elements use, with the values the page's
# style sheets give them (Tailwind's reset, Quasar's classes as in the live table at dir="ltr", the accessibility
# colours of ui/common/accessibility.py). The document's rules never match inside the shadow root, and a change of a
# document-wide class or attribute (Quasar's start-up sets several on <html> and <body>) does not restyle it; the host
# sets every inherited property the layer depends on, so what it inherits from <body> does not change it either.
# Icons use the "Material Icons" font that fonts.css declares for the document. Positions as the live layout has them
# at 1400 px: header 68 px, drawer 300 px (hidden below Quasar's 1024 px); cells 8 px each side and the long values
# wrapping as customer_grid.js has them. Nothing in it comes from the database.
STYLE = f"""<style>
:host {{ display: block; position: fixed; inset: 0; z-index: 5000; background: #fff; overflow: hidden;
  --q-primary: {COLOURS['primary']}; color: #000; font: 400 14px / 1.5 "Roboto", "-apple-system", "Helvetica Neue",
  Helvetica, Arial, sans-serif; letter-spacing: normal; text-align: start; text-transform: none; white-space: normal;
  -webkit-font-smoothing: antialiased; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
*, ::before, ::after {{ box-sizing: border-box; border: 0 solid; margin: 0; padding: 0; }}
a {{ color: {COLOURS['primary']}; text-decoration: underline; }}
.row, .column {{ display: flex; flex-wrap: wrap; }}
.column {{ flex-direction: column; }}
.inline {{ display: inline-flex; }}
.no-wrap {{ flex-wrap: nowrap; }}
.items-center {{ align-items: center; }}
.justify-end {{ justify-content: flex-end; }}
.row > .col {{ flex: 10000 1 0%; width: auto; min-width: 0; max-width: 100%; }}
.text-h5 {{ font-size: 1.5rem; font-weight: 400; line-height: 2rem; letter-spacing: normal; }}
.text-h6 {{ font-size: 1.25rem; font-weight: 500; line-height: 2rem; letter-spacing: 0.0125em; }}
.text-weight-bold {{ font-weight: 700; }}
.text-left {{ text-align: left; }}
.q-pt-sm {{ padding-top: 8px; }}
.q-ml-sm {{ margin-left: 8px; }}
.q-icon {{ font-family: "Material Icons"; font-weight: normal; font-style: normal; font-feature-settings: "liga";
  direction: ltr; line-height: 1; width: 1em; height: 1em; flex-shrink: 0; letter-spacing: normal;
  text-transform: none; white-space: nowrap; overflow-wrap: normal; text-align: center; position: relative;
  box-sizing: content-box; fill: currentColor; user-select: none; display: inline-flex; align-items: center;
  justify-content: center; vertical-align: middle; }}
.q-chip {{ vertical-align: middle; border-radius: 16px; outline: 0; position: relative; height: 2em; max-width: 100%;
  margin: 4px; background: #e0e0e0; color: rgba(0, 0, 0, 0.87); font-size: 14px; padding: 0.5em 0.9em; }}
.q-chip--outline {{ border: 1px solid currentColor; background: transparent; }}
.q-chip__content {{ white-space: nowrap; }}
.q-chip--outline > .q-chip__content {{ color: #212121; }}
.q-chip--dense {{ border-radius: 12px; padding: 0 0.4em; height: 1.5em; }}
.q-chip--square {{ border-radius: 4px; }}
.q-badge {{ background-color: var(--q-primary); color: #fff; padding: 2px 6px; border-radius: 4px; font-size: 12px;
  line-height: 1; min-height: 12px; font-weight: normal; vertical-align: baseline; }}
.q-table__container {{ position: relative; }}
.q-table__container > div:first-child {{ border-top-left-radius: inherit; border-top-right-radius: inherit; }}
.q-table__container > div:last-child {{ border-bottom-left-radius: inherit; border-bottom-right-radius: inherit; }}
.q-table__card {{ color: #000; background-color: #fff; border-radius: 4px; }}
.q-table--bordered {{ border: 1px solid rgba(0, 0, 0, 0.12); }}
.q-table__middle {{ flex: 1 1 auto; max-width: 100%; overflow: auto; will-change: scroll-position; }}
.q-table__bottom {{ flex: 0 0 auto; min-height: 50px; font-size: 12px; padding: 4px 14px 4px 16px;
  border-top: 1px solid rgba(0, 0, 0, 0.12); }}
.q-table__bottom-item {{ margin-right: 16px; }}
table {{ width: 100%; max-width: 100%; text-indent: 0; border-collapse: separate; border-spacing: 0; }}
thead tr, tbody td {{ height: 48px; }}
thead, tr {{ border: 0 solid rgba(0, 0, 0, 0.12); }}
th, td {{ padding: 7px 8px; background-color: inherit; border: 0 solid rgba(0, 0, 0, 0.12); white-space: nowrap; }}
td.cb-fp-wrap {{ white-space: normal; word-break: keep-all; }}
th {{ font-weight: 500; font-size: 12px; user-select: none; }}
th.sortable {{ cursor: pointer; }}
tbody td {{ font-size: 13px; position: relative; }}
thead th, tbody tr:not(:last-child) > td {{ border-bottom-width: 1px; }}
.q-table--col-auto-width {{ width: 1px; }}
.q-table__sort-icon {{ opacity: 0; font-size: 120%; margin-left: 4px; }}
th.sorted .q-table__sort-icon {{ opacity: 0.86; }}
th.sort-desc .q-table__sort-icon {{ transform: rotate(180deg); }}
.text-primary {{ color: var(--q-primary); }}
.text-white {{ color: #fff; }}
.text-black {{ color: #000; }}
.text-grey-8 {{ color: #616161; }}
.text-grey-9 {{ color: #424242; }}
.bg-primary {{ background: var(--q-primary); }}
.bg-grey-1 {{ background: #fafafa; }}
.bg-orange {{ background: #ff9800; }}
.cb-fp-header {{ height: 68px; display: flex; align-items: center; padding: 0 20px; }}
.cb-fp-drawer {{ position: absolute; top: 68px; left: 0; bottom: 0; width: 300px; padding-top: 16px;
  border-right: 1px solid rgba(0, 0, 0, 0.12); }}
.cb-fp-main {{ position: absolute; top: 68px; left: 300px; right: 0; bottom: 0; padding: 16px; }}
.cb-fp-content {{ max-width: 1280px; margin: 0 auto; padding: 16px; }}
.cb-fp-menu {{ height: 40px; display: flex; align-items: center; padding-left: 62px; }}
.cb-fp-search {{ width: 384px; max-width: 100%; height: 40px; border: 1px solid rgba(0, 0, 0, 0.24); border-radius: 4px;
  padding: 0 12px; display: flex; align-items: center; color: rgba(0, 0, 0, 0.6); }}
.cb-fp-gap {{ column-gap: 12px; row-gap: 4px; margin-bottom: 12px; }}
@media (max-width: 1023px) {{
  .cb-fp-drawer {{ display: none; }}
  .cb-fp-main {{ left: 0; }}
}}
</style>"""
