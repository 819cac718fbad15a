pip install x
