"""Excel import and export of the directory and of publications (django-import-export)."""
