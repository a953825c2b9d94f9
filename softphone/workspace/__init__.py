"""The operator workspace core (Qt-free): live call sessions now; screen-pop, scripts, wrap-up and
agent state hang their per-call data on the sessions."""
