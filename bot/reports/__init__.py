"""Files for admins: charts (matplotlib, off-screen), the xlsx workbook, the HTML report."""
