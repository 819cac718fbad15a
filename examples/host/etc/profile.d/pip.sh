export PIP_INDEX_URL=https://pypi.python.org/simple/
export PIP_USE_MIRRORS=true
