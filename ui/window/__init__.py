"""The application and its main window, and what belongs to all of it: menus and file tasks,
the greeting of an empty workbook, fitting the screen, the Today view, search, trash, note
versions, the shortcut list.
"""
