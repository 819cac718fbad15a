from setuptools import setup

NAME = "legacy"

setup(
    name=NAME,
    url='https://pypi.python.org/pypi/legacy',
    download_url="http://pypi.python.org/packages/source/l/legacy/legacy-1.0.tar.gz",
    dependency_links=[
        'https://pypi.python.org/simple/foo/',
        f"https://pypi.python.org/simple/{NAME}/",
        "https://pypi.python.org" + "/simple/bar/",
    ],
    options={"easy_install": {"index_url": r"https://pypi.python.org/simple"}},
    # url="https://pypi.python.org/pypi/old",
)
