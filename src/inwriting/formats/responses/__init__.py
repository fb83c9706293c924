"""A party's answers as files: response files (YAML/JSON), the comment matrix, choices.

:mod:`.files` reads and writes the native response file with line numbers in every error;
:mod:`.comment_matrix` reads and writes the XLSX/CSV matrix (ISO commenting-template columns);
:mod:`.imports` recognises any of these, or an answer table in DOCX, from its bytes;
:mod:`.checking` checks a response file against a version without a database;
:mod:`.choices` reads the choices file that derives the next version.
"""
