"""Settings and the templates editor (templates, sections, prompts).
"""
