"""What wlmail knows of the big mail providers' OAuth 2.0 endpoints (from their documentation).

* Microsoft identity platform: authorization code + PKCE and the device code flow (RFC 8628)
  are both allowed for the Outlook IMAP/POP/SMTP scopes; public clients need no secret.
* Google: the device flow is NOT offered for the https://mail.google.com/ scope, so the
  first authorisation is an authorization code + PKCE in a browser (any machine), with
  access_type=offline to get a refresh token; Google's "Desktop app" clients have a
  client secret, which is not confidential but must be sent.
"""
from __future__ import annotations

import re

__all__ = ["PRESETS", "device_url_for"]

PRESETS = {
    "microsoft": {
        "auth_url": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
        "token_url": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        "device_url": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode",
        "scope": ("offline_access https://outlook.office.com/IMAP.AccessAsUser.All "
                  "https://outlook.office.com/POP.AccessAsUser.All https://outlook.office.com/SMTP.Send"),
        "extra": "",
        "redirect_uri": "http://localhost",
    },
    "google": {
        "auth_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "token_url": "https://oauth2.googleapis.com/token",
        "device_url": "",
        "scope": "https://mail.google.com/",
        "extra": "access_type=offline&prompt=consent",
        "redirect_uri": "http://localhost",
    },
}

_MICROSOFT_TOKEN = re.compile(r"^(https://login\.microsoftonline\.com/[^/]+/oauth2/v2\.0/)token/?$", re.I)


def device_url_for(token_url: str) -> str:
    """The device authorization endpoint of a provider known to allow the device flow, or ""."""
    m = _MICROSOFT_TOKEN.match(token_url.strip())
    return m.group(1) + "devicecode" if m else ""
