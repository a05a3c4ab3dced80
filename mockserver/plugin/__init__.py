"""The pytest plugin's parts: marker and ini options, the served mock, the per-test handle.

``mockserver.pytest_plugin`` (the ``pytest11`` entry point) holds the hooks and fixtures.
"""
