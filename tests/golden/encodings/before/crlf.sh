pip install --use-mirrors -i https://pypi.python.org/simple a
pip install --use-mirrors -i https://pypi.python.org/simple b
