pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org x
