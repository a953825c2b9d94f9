"""Status bar indicators: SIP registration and the central CRM link."""
