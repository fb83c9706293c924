"""Server-rendered pages: Jinja2 templates, htmx for in-place work, one hand-written stylesheet.

Each handler parses input, calls one service, and renders a template; a page includes its
``_partial.html`` and the htmx endpoint returns the same partial. Pages read without
JavaScript. Nothing here holds a business rule or touches storage.
"""
