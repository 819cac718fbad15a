pip install -i https://pypi.example.com/simple/ x
pip install -i https://pypi.example.com/simple/x/ x
pip install --trusted-host pypi.example.com x
pip install -i https://pypi.org/simple/ x
