"""The `coach-workbook` program: the desktop window over `ui/`, plus every command of
`workbook.cli`.

It lives above both faces so that the domain never imports the window: `workbook/` knows
nothing of `ui/`, and `ui/` is imported only when a window is about to open.
"""
