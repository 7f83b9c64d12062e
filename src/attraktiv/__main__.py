from attraktiv.cli import main

main()
