"""Executes every notebook in this folder with nbclient (as CI does), failing on the first
error: `python examples/notebooks/execute.py`."""

import sys
from pathlib import Path

import nbclient
import nbformat

here = Path(__file__).resolve().parent
for path in sorted(here.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(here)}}
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:
        print(f"{path.name}: {e}", file=sys.stderr)
        sys.exit(1)
    print(f"executed {path.name}")
