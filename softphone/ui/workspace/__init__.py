"""The operator's workspace panels: customer card, timeline, chooser, new-customer form, search."""
