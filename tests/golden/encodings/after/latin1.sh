# café naïve
pip install -i https://pypi.org/simple/ résumé
