"""Customer form, live summary, tag picker, profile details, history and the conflict dialog."""
