"""Import and export: the JSON interchange document (`json_format` reads and writes it,
`json_export` builds it, `json_schema` and `json_import` check and store an imported one)
and the coachee roster CSV (`roster`, with its dates, encodings and headers beside it).
Import each name from the module that defines it."""
