"""Word and PDF machinery that knows nothing about plans: docxtpl rendering with Dutch filters in a
sandbox, Markdown through pandoc, finalising .docx files, contents lists, zip packages from shared
pieces, and PDFs through LibreOffice. Uses only `base`."""
