"""The batch flow behind ``claimflow process``: read claims, extract (cached), validate, route, persist."""
