"""Entry point for the frozen app: the same `coach-workbook` command as the wheel installs."""

from coach_workbook_app.entry import start

if __name__ == "__main__":
    start()
