from diaban.cli import main

main()
