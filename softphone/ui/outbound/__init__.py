"""The outbound task list (Qt)."""
