pip install -M x
pip install --mirrors http://b.pypi.python.org x
