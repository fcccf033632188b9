"""Domain knowledge as data: the versioned files in data/ behind one typed vocabulary (vocab.py), the OCR
lexicon and the region gazetteer. Imports only iku.core and iku.schemas."""
