"""`python -m coach_workbook_app`: the same as the `coach-workbook` command."""

from coach_workbook_app.entry import start

if __name__ == "__main__":
    start()
