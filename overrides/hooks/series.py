"""MkDocs hook: the series around each issue (being written: issue 21)."""
