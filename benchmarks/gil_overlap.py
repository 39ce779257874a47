"""Does sparse_dot_topn's top-n product let Python run beside it (does it release the GIL)?

Times a one-thread top-n product of a seeded random 40,000 x 2,000 sparse matrix with its
transpose, a plain Python loop, and both at once (the product in a second thread). If the
product released the GIL, the loop would take about as long beside it as alone.

Usage::

    python benchmarks/gil_overlap.py
"""

from __future__ import annotations

import threading
import time

import scipy.sparse as sp
from sparse_dot_topn import sp_matmul_topn


def main() -> None:
    a = sp.random(40_000, 2_000, density=0.005, format="csr", random_state=1)
    b = a.T.tocsr()

    def product() -> float:
        start = time.perf_counter()
        sp_matmul_topn(a, b, top_n=20, n_threads=1)
        return time.perf_counter() - start

    def loop() -> float:
        start = time.perf_counter()
        total = 0
        for i in range(6_000_000):
            total += i
        return time.perf_counter() - start

    print(f"product alone {product():.2f} s, loop alone {loop():.2f} s")
    found: dict[str, float] = {}
    worker = threading.Thread(target=lambda: found.setdefault("product", product()))
    worker.start()
    beside = loop()
    worker.join()
    print(f"together: loop {beside:.2f} s, product {found['product']:.2f} s")


if __name__ == "__main__":
    main()
