"""``python -m inwriting`` runs the CLI."""

from inwriting.cli import main

main()
