"""The settings dialog's pages, one module per area, in the order the dialog lists them."""
