from setuptools import setup

DEFAULT_URL = "https://pypi.python.org/packages/source/s/setuptools/"

setup(
    name="legacy-app",
    version="1.0",
    url="https://pypi.python.org/pypi/legacy-app",
    dependency_links=["http://pypi.python.org/packages/source/f/foo/foo-1.0.tar.gz"],
    options={"easy_install": {"index_url": "https://c.pypi.python.org/simple"}},
)
