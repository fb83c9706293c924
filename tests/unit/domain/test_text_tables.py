"""Table paragraphs: Markdown pipe tables in a provision's text, read and written."""

from __future__ import annotations

from inwriting.domain.text_tables import TextTable, table_paragraph, text_table

TABLE = (
    "| Party | Central authority |\n"
    "| --- | :---: |\n"
    "| France | Ministry of Justice |\n"
    "| Germany | Federal Office \\| Bonn |"
)


def test_a_pipe_table_with_a_delimiter_row_has_a_header() -> None:
    assert text_table(TABLE) == TextTable(
        ("Party", "Central authority"),
        (("France", "Ministry of Justice"), ("Germany", "Federal Office | Bonn")),
    )


def test_rows_without_a_delimiter_row_are_a_table_without_a_header() -> None:
    table = text_table("| A | 10 t\n| B |")
    assert table == TextTable((), (("A", "10 t"), ("B",)))
    assert table.width == 2


def test_a_paragraph_with_any_line_not_a_row_is_no_table() -> None:
    assert text_table("This Protocol amends the Convention.") is None
    assert text_table("| Party | Authority |\nand some text") is None
    assert text_table("| a lone bar") is None
    assert text_table("") is None


def test_written_tables_read_back_as_written() -> None:
    rows = [["Party", "Central authority"], ["France", "Ministry | Paris"], ["Malta"]]
    written = table_paragraph(rows)
    assert written == (
        "| Party | Central authority |\n| --- | --- |\n| France | Ministry \\| Paris |\n| Malta | |"
    )
    assert text_table(written) == TextTable(
        ("Party", "Central authority"), (("France", "Ministry | Paris"), ("Malta", ""))
    )
    assert table_paragraph(rows, header=False).count("---") == 0
    assert table_paragraph([]) == ""
