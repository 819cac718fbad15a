pip install \
	-i https://pypi.org/simple/ \
	x
