"""The coachee list (filter, markers, rows, model) and the coachee dialog.
"""
