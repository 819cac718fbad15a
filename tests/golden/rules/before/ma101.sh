pip install -i http://b.pypi.python.org/simple/ x
pip install -i http://last.pypi.python.org/simple x
