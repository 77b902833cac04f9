"""PDF forms (ReportLab) and Excel workbooks (openpyxl). No Qt here."""
