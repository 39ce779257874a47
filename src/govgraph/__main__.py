"""Allow ``python -m govgraph``."""

from govgraph.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
