pip install -i http://f.pypi.python.org/simple/ x
pip install -i http://f.pypi.python.org/simple/x/ x
pip install --trusted-host f.pypi.python.org x
pip install -i http://g.pypi.python.org/simple/ x
