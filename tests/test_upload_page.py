"""The upload page in Streamlit's AppTest: reports, the session's rows, isolation between sessions."""
from __future__ import annotations

import pytest
from conftest import html_tables, open_page
from streamlit.testing.v1 import AppTest

from spodash import uploads

BAD_ROWS = (b"force,order_type,measure,period_start,period_end,count,note\n"
            b"E23000013,SPO,granted,2022-01-01,2022-12-31,6,our return\n"
            b"Clevland,SPO,granted,2022-01-01,2022-12-31,-1,\n")


def upload_page() -> AppTest:
    at = open_page("upload")
    assert not at.exception
    assert at.title[0].value == "Add your own figures"
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    mime = "text/csv" if name.endswith(".csv") else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="upload_file").set_value((name, data, mime)).run()
    assert not at.exception
    return at


def user_rows(at: AppTest):
    return at.session_state["user_orders"] if "user_orders" in at.session_state else None


def map_table(at: AppTest):
    frames = [t for t in html_tables(at) if "Order source type" in t.columns]
    assert len(frames) == 1
    return frames[0].set_index("ONS code")


@pytest.fixture(scope="module")
def uploaded():
    return upload(upload_page(), "template.csv", uploads.template_csv())


def test_the_page_documents_the_format_and_offers_the_template():
    at = upload_page()
    assert at.file_uploader(key="upload_file").allowed_type == [".csv", ".xlsx"]
    example = at.dataframe[0].value
    assert list(example.columns) == list(uploads.UPLOAD_COLUMNS)
    assert list(example["force"]) == ["E23000035", "E23000003"]
    downloads = {b.label: b for b in at.get("download_button")}
    assert "Download the template (CSV)" in downloads
    text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "not saved, not sent to anyone, not checked" in text
    assert "Files up to 2 MB and 5,000 rows" in text
    docs = at.table[-1].value
    assert list(docs.index) == list(uploads.UPLOAD_COLUMNS)
    assert "One of: SPO, interim SPO, full SPO, DVPN, DVPO, DAPN, DAPO." in docs.loc["order_type"].iloc[0]
    assert "None yet. Upload a file above." in text


def test_a_good_file_is_accepted_and_listed_as_user_supplied(uploaded):
    at = uploaded
    assert [s.value for s in at.success] == ["2 of 2 rows accepted from template.csv."]
    rows = user_rows(at)
    assert list(rows["force_code"]) == ["E23000035", "E23000003"] and list(rows["count"]) == [21, 53]
    table = next(d.value for d in at.dataframe if "Source" in d.value.columns)
    assert set(table["Source"]) == {"user-supplied"}
    assert list(table["Force"]) == ["Devon & Cornwall", "Lancashire"]
    assert list(table["Period"]) == ["1 Jan 2020 to 31 Dec 2020", "1 Jan 2018 to 31 Dec 2018"]
    labels = [b.label for b in at.button]
    assert "Show on the map: SPO granted, calendar year 2020 (Devon & Cornwall)" in labels
    assert "Show on the map: DVPO granted, calendar year 2018 (Lancashire)" in labels


def test_a_bad_file_is_reported_and_loses_nothing_already_loaded():
    at = upload(upload_page(), "template.csv", uploads.template_csv())
    upload(at, "latin.csv", "force,order_type\nYnys Môn,SPO\n".encode("latin-1"))
    assert len(at.error) == 1
    assert at.error[0].value.startswith("**latin.csv was not accepted.** This file is not UTF-8 text: it looks "
                                        "like Latin-1/Windows-1252")
    assert "Figures you added earlier in this session are kept." in at.error[0].value
    assert len(user_rows(at)) == 2
    upload(at, "mixed.csv", BAD_ROWS)
    assert [w.value for w in at.warning][0] == ("1 of 2 rows accepted from mixed.csv; 1 row not accepted "
                                               "(see the problems below).")
    problems = next(t.value for t in at.table if "Problem" in t.value.columns)
    assert list(zip(problems.index, problems["Column"], problems["Value"], strict=True)) == [
        (3, "force", "Clevland"), (3, "count", "-1")]
    assert problems["Problem"].iloc[0] == "is not a police force in England and Wales (did you mean “Cleveland”?)"
    assert problems["Allowed"].iloc[1] == "A whole number from 0 to 1,000,000 (no blanks, ranges or '<5')"
    assert len(user_rows(at)) == 3  # the good row joined the earlier two


def test_a_second_upload_of_the_same_figure_replaces_it_and_clear_removes_all():
    at = upload(upload_page(), "template.csv", uploads.template_csv())
    upload(at, "again.csv", uploads.template_csv().replace(b",21,", b",22,"))
    assert at.success[0].value == ("2 of 2 rows accepted from again.csv. 2 replaced figures you had uploaded "
                                   "before for the same force, order, measure and period.")
    assert sorted(user_rows(at)["count"]) == [22, 53]
    at.button[0].click().run()  # "Remove all my figures from this session"
    assert user_rows(at) is None
    assert any("None yet." in m.value for m in at.markdown)


def test_the_session_download_is_in_the_upload_format_and_uploads_again(uploaded):
    labels = [b.label for b in uploaded.get("download_button")]
    assert "Download these figures (CSV, in the upload format)" in labels
    from spodash.publish.exports import to_csv_bytes

    data = to_csv_bytes(uploads.to_upload_format(user_rows(uploaded)))  # what the button serves
    assert data.startswith(b"force,order_type,measure,period_start,period_end,count,note\nE23000035,SPO,granted,"
                           b"2020-01-01,2020-12-31,21,User-supplied. Example row:")
    again = upload(upload_page(), "my_figures_user_supplied.csv", data)
    assert user_rows(again).equals(user_rows(uploaded))


def test_the_map_button_opens_the_map_showing_the_figure_in_the_same_session(uploaded):
    at = uploaded
    at.button(key="upload_map_0").click().run()
    assert not at.exception
    assert at.title[0].value == "Protective orders and stalking reports, by police force area"
    assert at.session_state["order"] == "SPO" and at.session_state["basis"] == "cy"
    assert at.session_state["period"] == "2020" and at.session_state["force"] == "E23000035"
    devon = map_table(at).loc["E23000035"]
    assert devon["SPO granted (count)"] == 21
    assert devon["Order source type"] == "user-supplied" and devon["Order source id"] == "USER_SUPPLIED"
    assert ("Devon & Cornwall" in at.success[0].value
            and "SPO granted: 21 (1 Jan 2020 to 31 Dec 2020)" in at.success[0].value)


def test_an_upload_in_one_session_is_not_seen_in_another():
    mine = upload(upload_page(), "template.csv", uploads.template_csv())
    theirs = upload_page()
    assert user_rows(mine) is not None and user_rows(theirs) is None
    assert not any("Source" in d.value.columns for d in theirs.dataframe)
    for at in (mine, theirs):
        at.switch_page("app_pages/map.py")
        at.query_params.update({"basis": "cy", "period": "2020", "metric": "count"})
        at.run()
        assert not at.exception
    assert map_table(mine).at["E23000035", "Order source type"] == "user-supplied"
    other = map_table(theirs)
    assert "user-supplied" not in set(other["Order source type"])
    assert other.at["E23000035", "SPO granted (count)"] == 17  # the published BBC survey figure


def test_the_shared_view_cache_neither_hides_nor_leaks_an_upload():
    """Map views are cached for every session without uploads; an uploading session gets its own."""
    params = {"basis": "cy", "period": "2020", "metric": "count"}

    def published_map() -> AppTest:
        return open_page("map", params)

    assert map_table(published_map()).at["E23000035", "SPO granted (count)"] == 17  # now in the shared cache
    mine = upload(upload_page(), "template.csv", uploads.template_csv())
    mine.switch_page("app_pages/map.py")
    mine.query_params.update(params)
    mine.run()
    assert not mine.exception
    assert map_table(mine).at["E23000035", "SPO granted (count)"] == 21
    assert map_table(published_map()).at["E23000035", "SPO granted (count)"] == 17


def test_a_long_problem_list_is_a_scrollable_table_with_its_own_download():
    rows = [f"E23000013,SPO,granted,2022-01-01,2022-12-{d:02d},-{d}," for d in range(1, 32)]
    at = upload(upload_page(), "many.csv", ("force,order_type,measure,period_start,period_end,count,note\n"
                                            + "\n".join(rows)).encode())
    assert at.warning[0].value == "0 of 31 rows accepted from many.csv; 31 rows not accepted (see the problems below)."
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert len(problems) == 31 and set(problems["Problem"]) == {"is negative"}
    assert "Download the list of problems (CSV)" in [b.label for b in at.get("download_button")]
    assert user_rows(at) is None
