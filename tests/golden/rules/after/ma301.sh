pip install x
pip install x
