"""`python -m workbook.cli`: the command line alone (the window starts from coach_workbook_app)."""

from workbook.cli import main

if __name__ == "__main__":
    main()
