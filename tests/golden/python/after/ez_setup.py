# -*- coding: latin-1 -*-
"""Bootstrap setuptools (café)."""
DEFAULT_VERSION = "0.9.8"
DEFAULT_URL = "https://files.pythonhosted.org/packages/source/s/setuptools/"
