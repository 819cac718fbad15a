"""python -m mirror_audit: the same as the mirror-audit command."""

from .cli import main

if __name__ == "__main__":
    main()
