"""Time, queries and peak memory of drafting the monthly 通报 (see `bench/documents.py`).

    python bench/bulletin.py [--zones 4|150] [--years 6] [--runs 5] [--to 2025-12] [--profile]

Goals: under 1 s for 4 zones; under 10 s for 150 zones.
"""

from documents import main

if __name__ == "__main__":
    main("bulletin")
