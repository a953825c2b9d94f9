"""CRM-side views: undelivered edits (conflicts and rejections) and their resolution."""
