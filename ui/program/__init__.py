"""Program reports in the window: the coach's de-identified report of a period
(`coach_report_dialog`), and the program director's window that takes many coaches' report
files (chosen or dropped), shows what their merge would publish at the chosen suppression
threshold and saves the program summary as PDF, JSON and CSV tables (`summary_window`, with
its list of files and its preview). Counts only: nothing here shows a name or a note.
"""
