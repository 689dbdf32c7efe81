"""SLA engine, pure part: business calendars, clock arithmetic, policy packs, explanations."""
