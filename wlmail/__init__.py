"""wlmail: run, port and explore WINDEV WLangage mail scripts outside Windows."""

__version__ = "0.1.0"       # the one place the version is written (pyproject.toml reads it)
