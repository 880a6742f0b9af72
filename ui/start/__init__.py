"""Before a workbook is open: the start window, unlock, a new workbook (its location and
passphrase with the strength meter), changing the passphrase.
"""
