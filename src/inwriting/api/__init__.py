"""The HTTP front door's JSON API (``/api/v1``) and the record's static tiles (``/record``).

Handlers parse input, call one service, and return data; none holds a business rule. Errors
from the package's exception family become ``{"error": {"code", "message", "details"}}``
with a fitting status (see ``errors.py``).
"""
