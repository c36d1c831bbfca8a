#!/usr/bin/env python3
"""Writes the CSV that bench_load and bench_load_pandas.py read:
1,000,000 rows x 20 numeric columns with a header, about 210 MB.

    python3 bench/make_load_data.py FILE [ROWS] [COLS]

Values look like what finance files hold: prices such as 1234.5678 and
small returns such as -0.01234, from a seeded generator, so the file is
the same on every run."""
import random
import sys


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    cols = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    rng = random.Random(20261125)
    with open(path, "w", newline="\n") as f:
        f.write(",".join(f"x{j + 1:02d}" for j in range(cols)) + "\n")
        chunk = []
        for i in range(rows):
            cells = []
            for j in range(cols):
                if j % 2 == 0:
                    cells.append(f"{rng.uniform(10, 99999):.4f}")       # a price
                else:
                    cells.append(f"{rng.gauss(0, 0.02):.6f}")         # a return
            chunk.append(",".join(cells))
            if len(chunk) == 10000:
                f.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            f.write("\n".join(chunk) + "\n")


if __name__ == "__main__":
    main()
