"""The world generator: the default world and seeded worlds of any size (``buffer-mock generate``).

A tool, not part of the running server: nothing under ``mockserver`` imports it except the
command line. Modules: ``world`` (the default world and the file layout, :func:`assemble`,
where generator modules of new kinds of data hook in), ``sizing`` (worlds of a chosen size),
``channels``, ``posts``, ``content``, ``extras`` (what they generate), ``pool`` (fast
seeded texts and ids), ``emit`` (deterministic YAML), ``command`` (the CLI).
"""
