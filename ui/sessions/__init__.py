"""Sessions: the list, the editor (header, sections, private sections and sharing, prompts,
goals discussed, action items) and the New session dialog.
"""
