# Look-alikes that are not legacy PyPI hosts:
curl https://docs.python.org/3/ https://notpypi.python.org/simple https://pypi.python.org.example.com/simple
curl https://testpypi.python.org.evil.example/ https://www.python.org/downloads/
