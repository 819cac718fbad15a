pip install --process-dependency-links x
