pip install -i https://pypi.org/simple/ a
pip install -i https://pypi.org/simple/ b
