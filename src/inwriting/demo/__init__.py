"""The demo negotiation's texts, written for InWriting (see ``services/demo.py``)."""
