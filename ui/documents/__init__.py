"""Documents for the learner: preview (QtPdf, from memory), printing, export with a password,
what a summary prints, summaries of several sessions.
"""
