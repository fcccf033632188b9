"""Running the stages: one document (document.py), a batch with its index, lock and local executor
(batch.py), the Dask executor (distributed.py) and the command line (cli.py). The analysis layer is called
from here after a batch."""
