#!/bin/sh
# Provision the build host.
export PIP_INDEX_URL=https://pypi.io/simple/
pip install -M --upgrade pip
pip install --trusted-host files.pythonhosted.org --index-url http://pypi.org/simple/ wheel
curl -s https://warehouse.python.org/pypi/requests/json > /tmp/requests.json
