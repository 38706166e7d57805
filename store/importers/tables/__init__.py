"""Reading tables from plan files of every format (text, CSV, XLSX, DOCX) into rows by field, within limits."""
