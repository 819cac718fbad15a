#!/bin/sh
# Install the tools from the index; the mirror flag predates pip 7.
set -e
pip install -i https://pypi.org/simple/ -r requirements.txt
pip install --index-url=https://pypi.org/simple/ --trusted-host pypi.org --trusted-host files.pythonhosted.org tool
pip install \
    legacy-pkg
pip install -e .
easy_install -f https://files.pythonhosted.org/packages/source/s/setuptools/ setuptools
curl -fsSL https://pypi.org/pypi/requests/json | jq .info.version
export PIP_INDEX_URL="https://pypi.org/simple/"
export PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org"
export PIP_EXTRA_INDEX_URL='https://pypi.org/simple/'
twine upload --repository-url https://test.pypi.org/legacy/ dist/*
