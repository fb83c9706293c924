"""Word files, in and out.

:mod:`.reader` reads a DOCX into the same lines the Markdown reader makes (heading styles,
automatic numbering from :mod:`.numbering`, tables, tracked changes accepted); :mod:`.writer`
writes a version; :mod:`.redline` writes real tracked changes (``w:ins``/``w:del``);
:mod:`.response` writes and reads a party's article-by-article answer table;
:mod:`.consolidated` writes the bracketed consolidated text.
"""
