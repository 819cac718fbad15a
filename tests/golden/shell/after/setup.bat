pip install -i https://pypi.org/simple/ pkg
REM -i https://pypi.python.org/simple stays
set PIP_INDEX_URL=https://pypi.org/simple/
