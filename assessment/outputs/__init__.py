"""What people take away: CSV files, charts, the PDF report."""
