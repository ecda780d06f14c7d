"""Error messages of fairkit.accountability, as constants so tests can assert them."""
