"""Outbound work: the operator's task list (claim, dial, outcome) and the seams to the order editor
and the wrap-up service."""
