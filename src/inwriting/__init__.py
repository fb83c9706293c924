"""InWriting: negotiate an agreement article by article, in writing, on a record nobody can rewrite.

The package is layered so each layer only knows the ones below it (checked by import-linter,
see ``pyproject.toml``)::

    cli, app (front doors)  ->  services  ->  storage
                                  |
                   formats -> domain, tlog (pure: values in, values out, no I/O)
"""

__version__ = "0.1.0"
