"""A user's own order figures (a force's SPO returns, an FOI reply), read from an uploaded file.

PCC offices hold figures newer than any public release. They upload them as a small CSV or Excel
(.xlsx) table in one documented format. One module a job:

- :mod:`~spodash.uploads.template`: the format (columns, limits, what goes in each column) and the template file;
- :mod:`~spodash.uploads.read`: the bytes, read in memory (nothing is written to disk), into rows of cells
  under the header; a file that cannot be read as a whole is refused with one message;
- :mod:`~spodash.uploads.checks`: every cell checked; :func:`parse` returns a :class:`Report` of the valid
  rows and each problem, named by row, column and value, and never raises;
- :mod:`~spodash.uploads.rows`: the session's figures, shaped like ``Bundle.orders``: merged, and written
  back in the upload format;
- the upload page's actions on Streamlit's session state are in :mod:`spodash.ui.upload_session`, so this
  package never imports Streamlit.

Where an uploaded figure shows on the map is :mod:`spodash.views.mapview`'s (:func:`~spodash.views.mapview.map_view`).
"""
from spodash.uploads.checks import Problem, Report, parse
from spodash.uploads.rows import ORDERS_COLUMNS, merge, to_upload_format
from spodash.uploads.template import COLUMN_HELP, MAX_BYTES, MAX_ROWS, UPLOAD_COLUMNS, template_csv, template_table

__all__ = ["COLUMN_HELP", "MAX_BYTES", "MAX_ROWS", "ORDERS_COLUMNS", "UPLOAD_COLUMNS", "Problem", "Report",
           "merge", "parse", "template_csv", "template_table", "to_upload_format"]
