"""The order and delivery editor (``order_editor.OrderEditorPanel``), a page beside the customer card."""
