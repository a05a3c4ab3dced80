"""buffer-mock: a stateful mock of Buffer's public GraphQL API, with fixtures and contract tests."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("buffer-mock")
except PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0+unknown"
