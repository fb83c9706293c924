"""Parsing drafts: from Markdown or plain text to provisions with keys, and back to Markdown.

From the outside in: :mod:`.markdown` and :mod:`.plaintext` read their syntax into lines
(:mod:`.layout`), removing PDF page furniture on the way (:mod:`.pages`); :mod:`.headings`
recognises labels ("Article 5", "§ 3", "CHAPTER II") and normalises their numbers;
:mod:`.markers` decides, for the whole document, which of them open provisions;
:mod:`.structure` assembles preamble, recitals, articles, groups, annexes and closing, and
:mod:`.keys` gives each its key. :mod:`.outline` is the one layout every writer
(:mod:`.markdown_writer`, DOCX, PDF) renders.
"""
