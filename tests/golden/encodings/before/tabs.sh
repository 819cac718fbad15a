pip install \
	--use-mirrors \
	-i https://pypi.python.org/simple \
	x
