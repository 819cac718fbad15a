#!/bin/sh
# Upstream's installer, vendored as is: excluded by the configuration.
pip install --use-mirrors -i http://pypi.python.org/simple/ pip
