def log(message: str) -> None:
    print(message)
