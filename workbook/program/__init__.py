"""Program reports: what a coaching program asks each year ("is coaching effective?"),
answered from the coaches' workbooks without a server and without a name leaving them.

Each coach writes a de-identified report of a period (`report`: counts only, in coarse
dimensions, with a random source id and a digest); the program director merges many
(`merge`), and whatever is published passes small-cell suppression first (`suppress`).
"""
