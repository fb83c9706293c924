"""Use cases. One function = one transaction; the only writers.

Each service opens its transaction itself (``db.transaction()``), checks who may do what,
applies the domain rules and returns plain frozen values (never ORM rows), so front doors
(CLI now, API and web pages later) stay thin and identical in behaviour.

Naming: a verb for changes (``table_version``, ``submit_response``); ``get_x`` returns or
raises ``NotFound``; ``list_x`` returns a list; reads of protected things check access.
Time comes in as ``now`` (an aware UTC datetime) so tests can fix the clock.
"""
