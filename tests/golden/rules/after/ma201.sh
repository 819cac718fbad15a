pip install -i https://pypi.org/simple x
curl -O https://files.pythonhosted.org/packages/ab/x.whl
