"""Time, queries and peak memory of building the 调度表 workbook (see `bench/documents.py`).

    python bench/report.py [--zones 4|150] [--years 6] [--runs 3] [--to 2025-12] [--profile]

Goals: under 2 s for 4 zones; under 10 s and 300 MB for 150 zones.
"""

from documents import main

if __name__ == "__main__":
    main("report")
