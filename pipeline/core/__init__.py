"""The internal types every stage shares: page geometry (words, rules, cells), stage records, error and
warning codes, Indonesian number parsing. Imports nothing of the project but iku.schemas."""
