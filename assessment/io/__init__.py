"""Reading what people hand in: responses CSV files, imports, batch scoring."""
