"""Changing registered customers: the one write path (`change`), what a conflict tells the user (`conflicts`), the
stored customer as a draft (`stored_drafts`), how the table cell and the profile form call it (`entry_points`), bulk
actions, and the history with its revert.
"""
