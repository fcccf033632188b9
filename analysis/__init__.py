"""Analysis layer for researchers: typed formulas and indicators, canonical indicator ids across decrees, the
legal basis parsed, identity checks, quality flags and scores, DuckDB tables and an HTML report."""
