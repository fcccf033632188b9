"""Writing records out: one JSON per document, the Parquet tables derived from the models, the corrections
log applied on top, the Excel workbook. Uses iku.core and iku.schemas; knows nothing of batches."""
