from attraktiv.cli import main

# Guarded: a spawned child process (datasets.sqlite_child) imports this module again.
if __name__ == "__main__":
    main()
