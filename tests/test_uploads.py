"""Uploaded figures: the template round-trips onto the maps' data; bad files get their own message."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spodash import uploads
from spodash.data.datasets import USER_SOURCE_ID, with_user_orders
from spodash.data.periods import window
from spodash.data.schema import MEASURES, ORDER_TYPES
from spodash.figures import metrics

HEADER = "force,order_type,measure,period_start,period_end,count,note\n"
TODAY = dt.date(2025, 11, 1)
UNEXPECTED = "unexpected error"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode("utf-8")


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(data: bytes, name: str = "figures.csv") -> uploads.Report:
    return uploads.parse(data, name, today=TODAY)


def only_problem(report: uploads.Report) -> uploads.Problem:
    assert report.refused is None, report.refused
    assert len(report.problems) == 1, report.problems_table().to_string()
    return report.problems[0]


# ---- the template and the maps --------------------------------------------------------------

def test_template_rows_are_shaped_like_the_bundles_orders(bundle):
    report = uploads.parse(uploads.template_csv(), "template.csv", bundle.forces)
    assert report.refused is None and report.problems == []
    rows = report.rows
    assert list(rows.columns) == list(bundle.orders.columns)
    assert rows.dtypes.equals(bundle.orders.dtypes)
    assert list(rows["force_code"]) == ["E23000035", "E23000003"]
    assert list(rows["count"]) == [21, 53]
    assert list(rows["count_as_published"]) == ["21", "53"]
    assert set(rows["source_id"]) == {USER_SOURCE_ID} == {"USER_SUPPLIED"}
    assert all(n.startswith("User-supplied. Example row:") for n in rows["note"])
    assert rows["period_start"].iloc[0] == pd.Timestamp(2020, 1, 1)
    assert rows["period_end"].iloc[0] == pd.Timestamp(2020, 12, 31)
    assert report.summary() == "2 of 2 rows accepted from template.csv."
    rows_again, problems = report
    assert rows_again is report.rows and problems == []


def test_template_round_trips_onto_the_map_for_its_window(bundle, quarters):
    rows = uploads.parse(uploads.template_csv(), "template.csv", bundle.forces).rows
    win = window("cy", "2020")
    before = metrics.orders_table(bundle, quarters, "SPO", "granted", win, "count").set_index("force_code")
    # Published: the BBC survey's 17, for 20 Jan 2020 to 27 Apr 2021.
    assert (before.at["E23000035", "count"], before.at["E23000035", "source_id"]) == (17, "BBC_SDU_SPO_2021")
    after = metrics.orders_table(with_user_orders(bundle, rows), quarters, "SPO", "granted", win, "count")
    devon = after.set_index("force_code").loc["E23000035"]
    assert devon["count"] == 21 and devon["value"] == 21.0
    assert devon["source_id"] == "USER_SUPPLIED" and devon["source_type"] == "user-supplied"
    assert devon["period"] == "1 Jan 2020 to 31 Dec 2020"
    assert (after["source_type"] == "user-supplied").sum() == 1  # only the force uploaded for SPOs
    lancs = metrics.orders_table(with_user_orders(bundle, rows), quarters, "DVPO", "granted",
                                 window("cy", "2018"), "count").set_index("force_code").loc["E23000003"]
    assert (lancs["count"], lancs["source_type"]) == (53, "user-supplied")


def test_a_users_own_number_replaces_the_published_one_in_their_session(bundle, quarters):
    text = uploads.template_csv().decode().replace(",21,", ",25,")
    rows = uploads.parse(text.encode(), "mine.csv", bundle.forces).rows
    t = metrics.orders_table(with_user_orders(bundle, rows), quarters, "SPO", "granted", window("cy", "2020"), "count")
    devon = t.set_index("force_code").loc["E23000035"]
    assert devon["count"] == 25 and devon["source_type"] == "user-supplied"
    assert devon["other_figures"] >= 1  # the published figure is still there, counted as another figure
    assert metrics.totals(t)["count"] == metrics.totals(
        metrics.orders_table(bundle, quarters, "SPO", "granted", window("cy", "2020"), "count"))["count"] + 25 - 17


def test_names_aliases_and_codes_all_resolve_to_ons_codes():
    report = parse(csv("Avon and Somerset Constabulary,SPO,granted,2024-04-01,2025-03-31,12,",
                       '"London, City of",full SPO,Granted,01/04/2024,31/03/2025,1,',
                       "e23000013,Interim SPO,applied for,1/4/2024,31/3/2025,\"1,234\",FOI 123",
                       "Devon and Cornwall,DVPO,in_force,2025-03-31,2025-03-31,7,",
                       "Greater Manchester8,DAPO,granted,2025-01-01,2025-03-31,140,"))
    assert report.problems == []
    assert list(report.rows["force_code"]) == ["E23000036", "E23000034", "E23000013", "E23000035", "E23000005"]
    assert list(report.rows["order_type"]) == ["SPO", "full SPO", "interim SPO", "DVPO", "DAPO"]
    assert list(report.rows["measure"]) == ["granted", "granted", "applied_for", "in_force", "granted"]
    assert report.rows["count"].iloc[2] == 1234 and report.rows["count_as_published"].iloc[2] == "1,234"
    assert report.rows["note"].iloc[2] == "User-supplied. FOI 123"
    assert report.rows["note"].iloc[0] == "User-supplied."


def test_excel_dates_and_numbers_are_read_from_their_cells():
    data = xlsx({"Figures": [list(uploads.UPLOAD_COLUMNS),
                             ["W15000001", "SPO", "granted", dt.datetime(2024, 4, 1), dt.date(2025, 3, 31), 4, None],
                             ["Cleveland", "SPO", "refused", "01/04/2024", "2025-03-31", 2.0, "from our return"]]})
    report = parse(data, "figures.xlsx")
    assert report.problems == [] and report.sheet == "Figures"
    assert list(report.rows["count"]) == [4, 2]
    assert list(report.rows["period_start"]) == [pd.Timestamp(2024, 4, 1)] * 2
    assert list(report.rows["period_end"]) == [pd.Timestamp(2025, 3, 31)] * 2


# ---- the bad-input corpus: each case and the message it shows ------------------------------

def test_misspelled_and_extra_columns_are_named_with_the_closest_name():
    r = parse(b"force,ordertype,measure,start,period_end,count,notes,source\n"
              b"E23000013,SPO,granted,2024-01-01,2024-12-31,3,,x\n")
    assert r.refused == (
        "The header row of the file does not match the upload format: "
        "column “ordertype” is not one of the format's columns (did you mean “order_type”?); "
        "column “start” is not one of the format's columns (did you mean “period_start”?); "
        "column “notes” is not one of the format's columns (did you mean “note”?); "
        "column “source” is not one of the format's columns; "
        "missing columns: “order_type”, “period_start”. "
        "The columns must be exactly: force, order_type, measure, period_start, period_end, count, note "
        "(note is optional).")
    assert r.accepted == 0 and r.problems[0].row is None


def test_missing_and_repeated_columns():
    r = parse(b"force,order_type,measure,period_start,count,count\nE23000013,SPO,granted,2024-01-01,3,3\n")
    assert "missing column: “period_end”" in r.refused
    assert "column given twice: “count”" in r.refused


def test_semicolon_separated_file():
    r = parse(HEADER.replace(",", ";").encode() + b"E23000013;SPO;granted;2024-01-01;2024-12-31;3;\n")
    assert r.refused == ("The columns in the file are separated by semicolons, not commas. Save the file as "
                         "'CSV UTF-8 (Comma delimited)' and upload it again.")


def test_unknown_force_suggests_the_nearest_force():
    p = only_problem(parse(csv("Clevland Police,SPO,granted,2024-01-01,2024-12-31,3,")))
    assert (p.row, p.column, p.value) == (2, "force", "Clevland Police")
    assert p.problem == "is not a police force in England and Wales (did you mean “Cleveland”?)"
    assert p.allowed == "An ONS code (E23000013) or a force name, as in the list of forces"
    p = only_problem(parse(csv("E23000099,SPO,granted,2024-01-01,2024-12-31,3,")))
    assert p.problem == "is not the ONS code of a police force area in England and Wales"
    p = only_problem(parse(csv("Police Scotland,SPO,granted,2024-01-01,2024-12-31,3,")))
    assert p.problem.startswith("is not a police force in England and Wales")


def test_unknown_order_type_and_measure_suggest_the_closest_allowed_value():
    r = parse(csv("E23000013,SPOs,grantd,2024-01-01,2024-12-31,3,",
                  "E23000013,Non-molestation,issued,2024-01-01,2024-12-31,3,"))
    t = r.problems_table()
    assert list(t["Row"]) == [2, 2, 3, 3]
    assert list(t["Column"]) == ["order_type", "measure", "order_type", "measure"]
    assert t["Problem"][0] == "is not one of the allowed values (did you mean “SPO”?)"
    assert t["Problem"][1] == "is not one of the allowed values (did you mean “granted”?)"
    assert t["Problem"][2] == "is not one of the allowed values"
    assert t["Allowed"][0] == "SPO, interim SPO, full SPO, DVPN, DVPO, DAPN, DAPO"
    assert t["Allowed"][1] == "applied_for, granted, refused, pending, breaches, in_force, other"


def test_negative_count():
    p = only_problem(parse(csv("E23000013,SPO,granted,2024-01-01,2024-12-31,-3,")))
    assert (p.row, p.column, p.value, p.problem) == (2, "count", "-3", "is negative")
    assert p.allowed == "A whole number from 0 to 1,000,000 (no blanks, ranges or '<5')"


def test_fractional_blank_and_suppressed_counts():
    r = parse(csv("E23000013,SPO,granted,2024-01-01,2024-12-31,2.5,", "E23000013,SPO,refused,2024-01-01,2024-12-31,,",
                  "E23000013,SPO,pending,2024-01-01,2024-12-31,<5,",
                  "E23000013,SPO,breaches,2024-01-01,2024-12-31,4.0,"))
    t = r.problems_table()
    assert list(zip(t["Row"], t["Value"], t["Problem"], strict=True)) == [
        (2, "2.5", "is not a whole number"), (3, "", "is empty"), (4, "<5", "is not a number")]
    assert list(r.rows["count"]) == [4]  # 4.0 is a whole number
    assert r.summary() == "1 of 4 rows accepted from figures.csv; 3 rows not accepted (see the problems below)."


def test_dates_that_do_not_parse():
    r = parse(csv("E23000013,SPO,granted,31st March 2024,2024/12/31,3,",
                  "E23000013,SPO,refused,2024-02-30,12/31/2024,3,",
                  "E23000013,SPO,pending,1999-12-31,2026-01-01,3,"))
    t = r.problems_table().set_index(["Row", "Column"])["Problem"]
    assert t[(2, "period_start")] == "is not a date in a format the dashboard reads"
    assert t[(2, "period_end")] == "is not a date in a format the dashboard reads"
    assert t[(3, "period_start")] == "is not a real date (check the day and month; DD/MM/YYYY is day first)"
    assert t[(3, "period_end")] == "is not a real date (check the day and month; DD/MM/YYYY is day first)"
    assert t[(4, "period_start")] == "is before 1 Jan 2000"
    assert t[(4, "period_end")] == "is in the future"
    assert r.problems[0].allowed == ("A date from 1 Jan 2000 to today: YYYY-MM-DD (2024-04-01) "
                                     "or DD/MM/YYYY (01/04/2024)")


def test_end_before_start():
    p = only_problem(parse(csv("E23000013,SPO,granted,2024-12-31,01/01/2024,3,")))
    assert (p.row, p.column, p.value) == (2, "period_end", "01/01/2024")
    assert p.problem == "is before period_start (31 Dec 2024)"
    assert p.allowed == "A date on or after period_start"


def test_latin1_bytes_are_refused_with_advice_to_save_as_utf8():
    data = csv("Ynys Môn,SPO,granted,2024-01-01,2024-12-31,3,").decode().encode("latin-1")
    r = parse(data)
    assert r.refused == ("This file is not UTF-8 text: it looks like Latin-1/Windows-1252 (byte 0xF4 on line 2: "
                         "“Ynys Môn,SPO,granted,2024-01-01,2024-12-31,3,”). In Excel use Save As > "
                         "'CSV UTF-8 (Comma delimited)', or choose the UTF-8 encoding when saving, "
                         "and upload it again.")
    # Saved as UTF-8 it is read, and the name is then reported as not a force (Ynys Môn is in North Wales).
    p = only_problem(parse(data.decode("latin-1").encode("utf-8")))
    assert (p.column, p.value) == ("force", "Ynys Môn")


def test_utf16_and_utf8_bom():
    assert parse(csv("E23000013,SPO,granted,2024-01-01,2024-12-31,3,").decode().encode("utf-16")).refused == (
        "This file is saved as UTF-16 text (Excel's 'Unicode Text'). Save it as 'CSV UTF-8 (Comma delimited)' "
        "and upload it again.")
    assert parse(b"\xef\xbb\xbf" + csv("E23000013,SPO,granted,2024-01-01,2024-12-31,3,")).accepted == 1


@pytest.mark.parametrize("data", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    assert parse(data).refused == "This file is empty: it needs a header row and at least one row of figures."


def test_header_but_no_rows():
    assert parse(HEADER.encode() + b",,,,,,\n").refused == "The file has a header row but no rows of figures."


def test_a_50_mb_file_is_refused_on_its_size():
    data = (HEADER.encode() + b"E23000013,SPO,granted,2024-01-01,2024-12-31,3,\n" * 1_200_000)[:50 * 1024 * 1024]
    assert len(data) == 50 * 1024 * 1024
    assert parse(data).refused == "This file is 50.0 MB, over the 2 MB limit. Upload fewer rows at a time."
    just_over = HEADER.encode() + b"x" * (uploads.MAX_BYTES - len(HEADER) + 1)
    assert parse(just_over).refused == "This file is 2.0 MB, over the 2 MB limit. Upload fewer rows at a time."
    assert parse(just_over[:-1]).refused != parse(just_over).refused


def test_too_many_rows():
    r = parse(csv(*["E23000013,SPO,granted,2024-01-01,2024-12-31,3,"] * 5_001))
    assert r.refused == "This file has 5,001 rows of figures; the limit is 5,000. Upload them in smaller files."
    assert parse(csv(*[f"E23000013,SPO,granted,2024-01-01,2024-12-{d:02d},3," for d in range(1, 31)])).accepted == 30
    sheet = ([list(uploads.UPLOAD_COLUMNS)]
             + [["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 1, ""]] * 6_000)
    assert parse(xlsx({"Figures": sheet}), "figures.xlsx").refused == (
        "This file has more than 5,000 rows of figures; the limit is 5,000. Upload them in smaller files.")


@pytest.mark.parametrize("cell, column", [("=SUM(A1:A3)", "count"), ("+cmd|' /C calc'!A0", "note"),
                                          ("-HYPERLINK(\"http://x\")", "note"), ("@SUM(1)", "force"),
                                          ("=1+2", "period_start")])
def test_a_formula_in_a_csv_cell(cell, column):
    values = dict(zip(uploads.UPLOAD_COLUMNS, ["E23000013", "SPO", "granted", "2024-01-01", "2024-12-31", "3", ""],
                      strict=True))
    values[column] = cell
    line = ",".join('"' + v.replace('"', '""') + '"' for v in values.values())
    p = only_problem(parse(csv(line)))
    assert (p.row, p.column, p.value, p.problem) == (2, column, cell, "is a formula")
    assert p.allowed == ("A typed value, not a formula: copy the cells and use Paste Special > Values; "
                         "text must not start with =, +, - or @")


def test_a_formula_in_an_xlsx_cell():
    data = xlsx({"Sheet1": [list(uploads.UPLOAD_COLUMNS),
                            ["E23000013", "SPO", "granted", "2024-01-01", "2024-12-31", 3, ""],
                            ["E23000013", "SPO", "refused", "2024-01-01", "2024-12-31", "=B2+1", ""]]})
    r = parse(data, "figures.xlsx")
    p = only_problem(r)
    assert (p.row, p.column, p.value, p.problem) == (3, "count", "=B2+1", "is a formula")
    assert r.accepted == 1


def test_xlsx_with_the_data_on_another_sheet_is_found():
    data = xlsx({"Notes": [["Figures from our SPO return"], ["Prepared by the PCC office"]],
                 "Data": [list(uploads.UPLOAD_COLUMNS),
                          ["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 5, ""]]})
    r = parse(data, "figures.xlsx")
    assert r.sheet == "Data" and r.accepted == 1


def test_xlsx_where_no_sheet_has_the_header():
    data = xlsx({"Notes": [["Figures from our SPO return"]],
                 "Data": [["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 5]]})
    assert parse(data, "figures.xlsx").refused == (
        "None of this workbook's 2 sheets (“Notes”, “Data”) has the header row in row 1: force, order_type, "
        "measure, period_start, period_end, count, note. Put the figures on one sheet under that header "
        "(download the template to start from).")


def test_xlsx_with_a_title_above_the_header():
    data = xlsx({"Returns": [["Cleveland SPO return 2024"], [], list(uploads.UPLOAD_COLUMNS),
                             ["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 5, ""]]})
    assert parse(data, "figures.xlsx").refused == (
        "The header row must be row 1 of sheet “Returns”, but it is on row 3. Delete the 2 rows above it and "
        "upload the file again.")


def test_xlsx_laid_out_sideways():
    cols = list(uploads.UPLOAD_COLUMNS)
    values = ["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 5, ""]
    data = xlsx({"Sheet1": [[c, v] for c, v in zip(cols, values, strict=True)]})
    assert parse(data, "figures.xlsx").refused == (
        "The column names in sheet “Sheet1” run down column A instead of across row 1. Put them across the "
        "first row, one figure per row below, and upload the file again.")


def test_xlsx_with_two_sheets_of_figures():
    rows = [list(uploads.UPLOAD_COLUMNS), ["Cleveland", "SPO", "granted", "2024-01-01", "2024-12-31", 5, ""]]
    assert parse(xlsx({"2024": rows, "2025": rows}), "figures.xlsx").refused == (
        "Sheets “2024”, “2025” all have the header row, so it is not clear which to read. Put all the figures "
        "on one sheet, or upload each sheet as its own file.")


def test_files_that_are_not_workbooks_or_text():
    assert parse(b"PK\x03\x04 not really a zip", "figures.xlsx").refused == (
        "This file is named .xlsx but is not a readable Excel workbook. Save it again as .xlsx or CSV.")
    assert parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "figures.xls").refused == (
        "This is an older Excel .xls workbook. Save it as .xlsx (Excel Workbook) or as CSV UTF-8 and upload it again.")
    assert parse(b"PK\x03\x04 not really a zip", "figures.csv").refused == (
        "This file is not a CSV text file or a readable Excel workbook. Upload a .csv or .xlsx file.")
    assert parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xe9", "figures.csv").refused == (
        "This file contains binary data, so it is not a CSV text file. Upload a .csv or .xlsx file.")
    assert parse(b"col\x00umn", "figures.csv").refused == (
        "This file contains binary data, so it is not a CSV text file. Upload a .csv or .xlsx file.")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert parse(zipped.getvalue(), "figures.xlsx").refused.startswith("This Excel file could not be opened (")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(zipped.getvalue()) < uploads.MAX_BYTES
    assert parse(zipped.getvalue(), "figures.xlsx").refused == (
        "This workbook unpacks to 60.0 MB, more than the 50.0 MB the dashboard reads. Copy the figures into a "
        "new workbook or a CSV file.")


def test_extra_values_on_a_row_and_repeated_rows():
    r = parse(csv("E23000013,SPO,granted,2024-01-01,2024-12-31,3,note,with a comma",
                  "E23000013,SPO,refused,2024-01-01,2024-12-31,3,", "Cleveland,SPO,refused,01/01/2024,31/12/2024,4,"))
    t = r.problems_table()
    assert list(t["Row"]) == [2, 4]
    assert t["Problem"][0].startswith("this row has 8+ values but the header has 7 columns")
    assert t["Problem"][1] == "repeats row 3 (same force, order type, measure and period)"
    assert r.accepted == 1


def test_an_unclosed_quote_is_reported_not_raised():
    r = parse(b'force,order_type,measure,period_start,period_end,count,note\n'
              b'E23000013,SPO,granted,2024-01-01,2024-12-31,3,"oops\n')
    assert r.refused is not None and UNEXPECTED not in r.refused
    assert r.refused.startswith("This CSV file could not be read") or r.problems


# ---- the session's rows ----------------------------------------------------------------

def test_merge_keeps_earlier_rows_and_replaces_the_same_figure():
    first = parse(csv("E23000013,SPO,granted,2024-01-01,2024-12-31,3,",
                      "E23000014,SPO,granted,2024-01-01,2024-12-31,9,")).rows
    second = parse(csv("Cleveland,SPO,granted,01/01/2024,31/12/2024,4,",
                       "E23000015,SPO,granted,2024-01-01,2024-12-31,1,")).rows
    merged, replaced = uploads.merge(first, second)
    assert replaced == 1
    assert sorted(zip(merged["force_code"], merged["count"], strict=True)) == [
        ("E23000013", 4), ("E23000014", 9), ("E23000015", 1)]
    assert uploads.merge(None, second)[0].equals(second)
    back = uploads.parse(uploads.to_upload_format(merged).to_csv(index=False).encode(), "again.csv", today=TODAY)
    assert back.problems == [] and back.rows.equals(merged)  # a download uploads again unchanged


# ---- never an exception --------------------------------------------------------------------

def _check(report: uploads.Report) -> None:
    assert isinstance(report, uploads.Report)
    text = " ".join([report.refused or ""] + [p.problem for p in report.problems])
    assert UNEXPECTED not in text, text
    assert list(report.rows.columns) == list(uploads.ORDERS_COLUMNS)
    if report.refused is None:
        bad_rows = {p.row for p in report.problems}
        assert report.accepted + len(bad_rows) == report.data_rows
        assert report.rows["count"].dropna().ge(0).all()
        assert (report.rows["period_end"] >= report.rows["period_start"]).all()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), name=st.sampled_from(["f.csv", "f.xlsx", "f", "f.txt", "f.xls"]))
def test_random_bytes_never_raise(data, name):
    _check(uploads.parse(data, name, today=TODAY))


_names = st.one_of(st.sampled_from(uploads.UPLOAD_COLUMNS), st.text(max_size=12))
_cells = st.one_of(
    st.text(max_size=20), st.sampled_from(["E23000013", "Cleveland", "Kent Police", "SPO", "DVPO", "granted",
                                           "in_force", "2024-01-01", "31/12/2024", "29/02/2023", "0", "7", "-1",
                                           "1.5", "=A1", "@x", "+y", "", "1,000", "9" * 30, "\ufeff", "\"", "\r"]),
    st.integers(-10**30, 10**30).map(str), st.floats(allow_nan=True).map(str))


_pools = {
    "force": ["E23000013", "Cleveland", "Kent Police", "W15000004", "Dyfed-Powys", "Clevland", "E23000099",
              "London, City of"],
    "order_type": list(ORDER_TYPES) + ["spo", "Interim SPO", "SPOs", "DVPOs"],
    "measure": list(MEASURES) + ["Granted", "applied for", "grantd"],
    "period_start": ["2024-01-01", "01/04/2024", "29/02/2023", "2024-02-30", "1/13/2024", "31/12/1999", "2099-01-01"],
    "period_end": ["2024-12-31", "31/03/2025", "29/02/2024", "2023-13-01", "2024-1-1", "0000-01-01"],
    "count": ["0", "5", "1,234", "-2", "2.5", "4.0", "<5", "", "1000001", "9" * 5000],
    "note": ["", "FOI 123", "=cmd", "- note", "User-supplied. again", "x" * 1001],
}
_row = st.tuples(*[st.one_of(st.sampled_from(_pools[c]), _cells) for c in uploads.UPLOAD_COLUMNS]).flatmap(
    lambda cells: st.sampled_from([7, 7, 7, 7, 7, 6, 8, 9, 3, 0]).map(
        lambda n: list(cells[:n]) if n < 7 else list(cells) + ["x"] * (n - 7)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(_names, min_size=0, max_size=9), valid_header=st.booleans(),
       body=st.lists(st.one_of(_row, st.lists(_cells, max_size=9)), max_size=12))
def test_random_csv_tables_never_raise(header, valid_header, body):
    import csv as csvmod

    out = io.StringIO()
    w = csvmod.writer(out)
    w.writerow(list(uploads.UPLOAD_COLUMNS) if valid_header else header)
    w.writerows(body)
    _check(uploads.parse(out.getvalue().encode("utf-8"), "f.csv", today=TODAY))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400))
def test_random_csv_text_never_raises(text):
    _check(uploads.parse((HEADER + text).encode("utf-8"), "f.csv", today=TODAY))
    _check(uploads.parse(text.encode("utf-8", "surrogatepass"), "f.csv", today=TODAY))


_xl_cells = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                      st.booleans(), st.dates(min_value=dt.date(1900, 3, 1)), st.text(
                          alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=15),
                      st.sampled_from(["=1+1", "Cleveland", "SPO", "granted", "2024-01-01", "5"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(st.tuples(st.booleans(), st.lists(st.lists(_xl_cells, max_size=8), max_size=6)),
                       min_size=1, max_size=3))
def test_random_workbooks_never_raise(sheets):
    book = {}
    for i, (with_header, rows) in enumerate(sheets):
        book[f"S{i}"] = ([list(uploads.UPLOAD_COLUMNS)] if with_header else []) + rows
    _check(uploads.parse(xlsx(book), "f.xlsx", today=TODAY))
