"""Summary report of the marts: one self-contained HTML page and a Markdown summary.

The package reads the warehouse read-only (warehouse.py), selects the figures of each
section (queries.py, findings.py), draws charts and the process map as inline SVG
(charts.py, process_map.py) and writes the files (rendering.py).
"""
