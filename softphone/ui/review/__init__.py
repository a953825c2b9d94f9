"""The operator's self-review of a past call: playback, the script's checklist, a rating."""
