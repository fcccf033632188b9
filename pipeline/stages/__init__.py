"""The extraction stages, one module each, in pipeline order:

ingest -> text (and ocr for image pages) -> sections (decree text, positions, signature) -> tables (with
unruled for tables drawn without rules) -> rows -> formulas and normalise -> metadata (with issuer) ->
validate. Each takes typed input and returns typed output with a StageLog (time, warnings). Stages use
iku.core and iku.resources, never the export or runtime layers."""
