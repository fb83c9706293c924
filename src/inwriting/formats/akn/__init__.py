"""Akoma Ntoso 3.0 XML, in and out.

:mod:`.reader` maps an AKN document element by element onto provisions, parsed by the hardened
XML reader of :mod:`inwriting.formats.safety.xml`; :mod:`.writer` writes a version back as AKN
valid against the OASIS schema; :mod:`.ids` turns provision keys into eIds and back, and
:mod:`.text` reads the inline text of an element.
"""
