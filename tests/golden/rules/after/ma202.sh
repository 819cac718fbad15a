pip install -i http://mirror.example.com/simple x
