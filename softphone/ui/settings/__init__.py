"""Settings dialogs: the SIP account, the password prompt and the per-area settings pages."""
