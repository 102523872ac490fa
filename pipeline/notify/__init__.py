"""Notices to claimants: the outbox (what is owed, when) and the senders (a file, an SMS gateway)."""
