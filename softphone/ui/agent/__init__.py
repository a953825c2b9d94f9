"""The operator's own work: the state bar with the KPI strip, and the wrap-up form."""
