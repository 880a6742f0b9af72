"""Plumbing every screen shares: the one worker that calls the workbook off the GUI thread
(ops, state), autosave, the idle lock, garbage collection on the GUI thread, dates and date
fields, palette, table model base, wrapping widgets, the buttons that end a dialog, the bug
dialog. Imports no screen package.
"""
