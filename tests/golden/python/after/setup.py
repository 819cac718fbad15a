from setuptools import setup

NAME = "legacy"

setup(
    name=NAME,
    url='https://pypi.org/project/legacy/',
    download_url="https://files.pythonhosted.org/packages/source/l/legacy/legacy-1.0.tar.gz",
    dependency_links=[
        'https://pypi.org/simple/foo/',
        f"https://pypi.python.org/simple/{NAME}/",
        "https://pypi.python.org" + "/simple/bar/",
    ],
    options={"easy_install": {"index_url": r"https://pypi.org/simple/"}},
    # url="https://pypi.python.org/pypi/old",
)
