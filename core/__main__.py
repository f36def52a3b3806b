from ansvarsgraf.cli import main

main()
