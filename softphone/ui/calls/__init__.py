"""Call handling: dialer, call lines, in-call controls, transfer, recent calls and the ringer."""
