"""shortsale-check: read a short-sale closing packet and say whether it leaves the seller owing the debt."""

__version__ = "0.1.0"
SCHEMA = "shortsale-check/findings@1"
