pip install -i https://pypi.io/simple x
curl https://warehouse.python.org/pypi/x/json
curl https://www.pypi.org/project/x/
