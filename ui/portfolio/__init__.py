"""A coachee's portfolio: the Overview, Values and Goals tabs, the goal editor with its fields,
check-ins, progress and GAS ladder.
"""
