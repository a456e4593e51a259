print("elman-bench")
