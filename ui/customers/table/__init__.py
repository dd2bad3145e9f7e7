"""The customer table: grid, inline cell edits, bulk actions, category filter and chips, and the URL state."""
