pip install -i https://testpypi.python.org/simple/ x
curl https://test.pypi.io/pypi/x/json
