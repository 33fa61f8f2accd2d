"""The model: settings, content, problems and errors. Imports nothing else of spfcomms.

Every other package builds on these types; nothing here reads the disk except
``config.load_config``, and nothing here imports a heavy library.
"""
