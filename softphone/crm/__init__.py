"""Client side of the central CRM link: REST client, incremental sync and the durable outbox."""
