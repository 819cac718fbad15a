pip install --use-mirrors -i https://pypi.python.org/simple/ pkg
REM -i https://pypi.python.org/simple stays
set PIP_INDEX_URL=https://cheeseshop.python.org/simple
