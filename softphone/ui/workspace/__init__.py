"""The operator's workspace panels: card, timeline, chooser, new-customer form, search, call script."""
