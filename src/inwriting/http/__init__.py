"""HTTP plumbing shared by the web pages and the JSON API, and by nothing else.

Sessions, bearer tokens and CSRF (:mod:`.auth`), upload reading (:mod:`.uploads`): what both
front doors need from a request before they call a service; the security headers every
answer carries (:mod:`.headers`). ``web`` and ``api`` are siblings
over this package; neither imports the other.
"""
