"""Entry point for the frozen app: the same `coach-workbook` command as the wheel installs."""

from workbook.cli import main

if __name__ == "__main__":
    main()
