"""InWriting: negotiate an agreement article by article, in writing, on a record nobody can rewrite.

The package is layered so each layer only knows the ones below it (checked by import-linter,
see ``pyproject.toml``)::

    cli · app                  front doors: the CLI; the app wiring web pages and the JSON API
    web | api                  siblings: neither imports the other
    http                       sessions, CSRF, uploads: plumbing both web and api need
    services                   use cases, one transaction each; the only writer
    storage                    SQLAlchemy models, queries, the record's tables
    formats · redline · domain pure: values in, values out, no I/O
    tlog · settings · errors   the Merkle log over opaque bytes; configuration; exceptions
"""

__version__ = "0.1.0"
