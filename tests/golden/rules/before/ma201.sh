pip install -i http://pypi.org/simple x
curl -O http://files.pythonhosted.org/packages/ab/x.whl
