pip install -i https://pypi.org/simple/ x
curl https://pypi.org/pypi/x/json
curl https://pypi.org/project/x/1.0/
