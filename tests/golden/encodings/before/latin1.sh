# café naïve
pip install --use-mirrors -i https://pypi.python.org/simple résumé
