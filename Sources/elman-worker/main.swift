print("elman-worker")
