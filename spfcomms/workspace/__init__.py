"""Reading a workspace: front matter, fields, Markdown, structure, issues, the content rules.

``collect.load_workspace`` reads and validates every issue; ``scaffold`` starts a new one.
"""
