#!/bin/sh
# pip install -i https://pypi.python.org/simple app   (the 2014 way)
pip install -i http://mirror.internal/simple app
pip install -i "$INDEX_URL" app
export PIP_TRUSTED_HOST=pypi.python.org
pip install -i https://pypi.org/simple/ --trusted-host inspector.pypi.io app
