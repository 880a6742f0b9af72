"""PDF documents for the learner: the session summary and the portfolio summary.

Qt-free and file-free: each document renders to bytes (`summary.session_summary_pdf`), and a
`write_…` function writes them atomically with mode 0600 when the coach exports. The shared
pieces are `fonts` (embedded Unicode fonts, per-script fallback, Arabic shaping), `markup`
(a note's Markdown → flowables, user text escaped), `layout` (page size from settings or,
unset, from the locale through `paper`; styles, header and footer with "Page x of y",
`build_pdf`, tighter spacing before another page) and `keep` (tables kept with their
heading). Private sections never reach a document: each one loads its content with an
explicit query for shared content only.
"""
