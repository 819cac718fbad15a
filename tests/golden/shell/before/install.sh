#!/bin/sh
# Install the tools from the index; the mirror flag predates pip 7.
set -e
pip install --use-mirrors -i http://pypi.python.org/simple -r requirements.txt
pip install --index-url=https://b.pypi.python.org/simple/ --trusted-host pypi.python.org tool
pip install \
    --allow-all-external \
    --allow-unverified legacy-pkg \
    legacy-pkg
pip install --process-dependency-links -e . \
    --use-mirrors
easy_install -f https://pypi.python.org/packages/source/s/setuptools/ setuptools
curl -fsSL https://pypi.python.org/pypi/requests/json | jq .info.version
export PIP_INDEX_URL="http://last.pypi.python.org/simple"
export PIP_TRUSTED_HOST="pypi.python.org"
export PIP_EXTRA_INDEX_URL='https://pypi.io/simple/'
unset PIP_USE_MIRRORS
twine upload --repository-url https://testpypi.python.org/pypi dist/*
