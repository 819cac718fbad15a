pip install -i https://pypi.org/simple/ x
pip install -i https://pypi.org/simple/ x
