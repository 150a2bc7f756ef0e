"""WLangage mail semantics: sessions, the cursor, EnDehors, the global `Email` structure,
`POUR TOUT ... DE session`, composing and parsing (email-api.md).

`configure(mailbox=..., cafile=..., verify=...)` switches every session to a local
Maildir/mbox (offline mode) and sets TLS trust; `iterate_session(session, unread_only)`
is what compiled `POUR TOUT m [NON LU] DE session` loops call.
"""
from . import functions as _functions
from . import types as _types
from .functions import *  # noqa: F401,F403
from .functions import map_folder  # noqa: F401
from .sessions import close_all, configure  # noqa: F401
from .types import *  # noqa: F401,F403
from .types import WLEmail, WLEmailStructure, current_structure  # noqa: F401

__all__ = sorted(set(_functions.__all__) | set(_types.__all__))
