pip install -i https://pypi.python.org/simple x
curl https://cheeseshop.python.org/pypi/x/json
curl https://www.python.org/pypi/x/1.0
