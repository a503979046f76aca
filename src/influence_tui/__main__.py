from influence_tui.cli import main

main()
