"""The coachee list (filter, markers, rows, model, view) and the coachee dialog.
"""
