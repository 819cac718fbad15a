# -*- coding: latin-1 -*-
"""Bootstrap setuptools (café)."""
DEFAULT_VERSION = "0.9.8"
DEFAULT_URL = "https://pypi.python.org/packages/source/s/setuptools/"
