"""Coach Workbook's domain: records, operations and queries over an encrypted workbook.

This package imports no Qt: the command line, the tests and the desktop app share it.
"""

__version__ = "0.1.0"
