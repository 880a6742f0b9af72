"""Entry point for the frozen app: the same `coach-workbook` command as the wheel installs."""

from coach_workbook_app.launch import main

if __name__ == "__main__":
    main()
