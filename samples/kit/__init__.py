"""The builder kit of the bundled samples: samples/content/<id>.toml (what a decree prints, its metadata and
layout choices) -> samples/<id>.pdf, samples/gold/<id>.json and the scanned copies in samples/scanned.

model.py reads a content file; story.py draws its blocks and lampiran with the reportlab pieces of draw.py;
gold.py writes the gold; scan.py makes scanned and mixed copies. samples/build_samples.py runs them all.
"""
