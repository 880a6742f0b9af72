"""The desktop app: Qt widgets over the `workbook` API, grouped by what the coach sees.

- `start/`: before a workbook is open (start window, unlock, new workbook, passphrase).
- `window/`: the application, the main window and what belongs to all of it (menus, file
  tasks, Today, search, trash, note versions, the shortcut list).
- `coachees/`: the coachee list and the coachee dialog.
- `portfolio/`: Overview, Values and Goals.
- `sessions/`: the session list and editor.
- `documents/`: preview, print, export, summaries of several sessions.
- `settings/`: settings and the templates editor.
- `kit/`: the plumbing every screen shares; it imports no screen package.

Each widget has exactly one import path: a module never re-exports another's names.
"""
