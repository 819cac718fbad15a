pip install -i https://pypi.org/simple/ x
pip install -i https://__token__:not-a-real-token-0000@pypi.org/simple/ x
curl https://pypi.org/mirrors
