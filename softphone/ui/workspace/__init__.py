"""The operator's workspace panels (the call script; screen-pop's customer card and search)."""
