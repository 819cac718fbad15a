pip install -i https://pypi.python.org/pypi x
pip install -i https://__token__:not-a-real-token-0000@pypi.python.org/simple x
curl https://pypi.python.org/mirrors
