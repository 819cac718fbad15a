pip install --allow-external x --allow-insecure x --no-allow-external x
