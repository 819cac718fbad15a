pip install -i https://test.pypi.org/simple/ x
curl https://test.pypi.org/pypi/x/json
