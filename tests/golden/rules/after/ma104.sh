pip install -i https://pypi.org/simple/ x
curl https://pypi.org/pypi/x/json
curl https://www.pypi.org/project/x/
