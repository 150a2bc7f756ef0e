"""WLangage OAuth 2.0: the `OAuth2Paramètres` and `AuthToken` types, `AuthIdentifie` and
`AuthRenouvelleToken` (PC SOFT pages 1000022212, 1000022220, 1000022219, 1000026168).

WINDEV opens a login window; wlmail runs unattended jobs, so `AuthIdentifie` (flows.py):
1. returns the token stored for the account (OAuth2Paramètres: URLToken, ClientID, Scope,
   NomUtilisateur) when it is still valid, or renews it with its refresh token;
2. else runs the device flow (RFC 8628) when the provider offers it (Microsoft, or any
   provider whose device endpoint is given in the wlmail extension `URLCodeAppareil`);
3. else, from a terminal only, the authorization code + PKCE flow in a browser on any
   machine (the user pastes back the redirect address); `wlmail auth` does the same.
The refresh token is stored in a file only its owner can read (store.py).

Failures follow the documented model: an invalid AuthToken (`Valide` = Faux) with
ErreurDétectée = Vrai and ErreurInfo() = "OAuth 2.0 connection error: ...".
Secrets (ClientSecret, MotDePasse, tokens) never appear in a repr or a message.
`authlib` is imported only when a grant actually runs.
"""
from __future__ import annotations

import datetime as _dt
import json
import time

from ..dates import DateHeure
from ..errors import UnsupportedError, WLError, clear_error, set_error
from ..names import FoldedAttributes
from ..values import to_int, to_str

__all__ = [
    "OAuth2Paramètres", "AuthToken", "AuthIdentifie", "AuthRenouvelleToken",
    "authDéfaut", "authPKCE", "authClientSecretBasic",
    "taCodeAutorisation", "taApplicationCliente", "taMotDePasse",
    "oauth2TypeRéponseCode", "oauth2TypeRéponseToken",
    # English
    "OAuth2Parameters", "AuthIdentify", "AuthRefreshToken", "authDefault",
    "taAuthorizationCode", "taClientApplication", "taPassword",
    "oauth2ResponseTypeCode", "oauth2ResponseTypeToken",
]

authDéfaut = authDefault = 0
authPKCE = 1
authClientSecretBasic = 2
taCodeAutorisation = taAuthorizationCode = 0
taApplicationCliente = taClientApplication = 1
taMotDePasse = taPassword = 2
oauth2TypeRéponseCode = oauth2ResponseTypeCode = "Code"
oauth2TypeRéponseToken = oauth2ResponseTypeToken = "Token"

ERR_OAUTH = 1        # ErreurInfo(errCode) of an OAuth failure
_MASK = "********"


class _Field:
    """A typed property stored in the instance."""

    def __init__(self, convert=to_str, default=""):
        self.convert, self.default = convert, default

    def __set_name__(self, owner, name):
        self.key = "_f_" + name

    def __get__(self, obj, owner=None):
        return self if obj is None else obj.__dict__.get(self.key, self.default)

    def __set__(self, obj, value):
        obj.__dict__[self.key] = self.convert(value)


class OAuth2Paramètres(FoldedAttributes):
    """`p est un OAuth2Paramètres`: what AuthIdentifie needs to get a token."""

    _aliases = {"RedirectionURL": "URLRedirection", "AdditionalParameters": "ParamètresSupplémentaires",
                "AuthorizationType": "TypeAutorisation", "ResponseType": "TypeRéponse",
                "UserName": "NomUtilisateur", "Password": "MotDePasse", "RevocationURL": "URLRévocation",
                "LogoutURL": "URLDéconnexion", "DeviceCodeURL": "URLCodeAppareil"}

    ClientID = _Field()
    ClientSecret = _Field()
    URLAuth = _Field()
    URLToken = _Field()
    URLRedirection = _Field()
    Scope = _Field()
    ParamètresSupplémentaires = _Field()
    Option = _Field(to_int, authDéfaut)
    TypeAutorisation = _Field(to_int, taCodeAutorisation)
    TypeRéponse = _Field(to_str, oauth2TypeRéponseCode)
    NomUtilisateur = _Field()
    MotDePasse = _Field()
    URLRévocation = _Field()
    URLDéconnexion = _Field()
    URLCodeAppareil = _Field()     # wlmail extension: the RFC 8628 device authorization endpoint

    def __repr__(self):
        return (f"OAuth2Paramètres(ClientID={self.ClientID!r}, URLToken={self.URLToken!r}, Scope={self.Scope!r}, "
                f"NomUtilisateur={self.NomUtilisateur!r}, ClientSecret={_MASK if self.ClientSecret else ''!r})")

    __str__ = __repr__

    def _client(self):
        from .flows import Client
        if not self.URLToken:
            raise WLError("OAuth2Paramètres: URLToken (the token URL) is empty")
        if not self.ClientID:
            raise WLError("OAuth2Paramètres: ClientID is empty")
        if self.TypeRéponse.strip().lower() == "token":
            raise UnsupportedError("OAuth2Paramètres.TypeRéponse = oauth2TypeRéponseToken (implicit grant, "
                                   "browser only)", "OAuth 2.0")
        return Client(client_id=self.ClientID, client_secret=self.ClientSecret, token_url=self.URLToken,
                      auth_url=self.URLAuth, device_url=self.URLCodeAppareil, scope=self.Scope,
                      redirect_uri=self.URLRedirection, extra=self.ParamètresSupplémentaires,
                      user=self.NomUtilisateur, basic_auth=self.Option == authClientSecretBasic)


OAuth2Parameters = OAuth2Paramètres


def _parse_datetime(value) -> float | None:
    text = to_str(value).strip()
    if not text:
        return None
    digits = (text + "0" * 16)[:16]
    try:
        d = _dt.datetime.strptime(digits[:14], "%Y%m%d%H%M%S")
    except ValueError:
        raise WLError(f"AuthToken.DateExpiration: invalid date-time {text!r} (expected AAAAMMJJHHmmSS)") from None
    return d.timestamp() + int(digits[14:16]) / 100


class AuthToken(FoldedAttributes):
    """`t est un AuthToken` or `t est un AuthToken(<OAuth2Paramètres>, <JSON token>)`."""

    _aliases = {"Value": "Valeur", "Refresh": "Actualisation", "ExpirationDate": "DateExpiration",
                "ServerResponse": "RéponseServeur", "Valid": "Valide"}

    def __init__(self, params=None, response=None):
        object.__setattr__(self, "_params", params if isinstance(params, OAuth2Paramètres) else None)
        object.__setattr__(self, "_token", {})
        object.__setattr__(self, "_response", "")
        if response is not None:
            text = response.decode("utf-8", "replace") if isinstance(response, (bytes, bytearray)) else to_str(response)
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            if not isinstance(data, dict) or not data.get("access_token"):
                raise WLError("AuthToken: the token is not an OAuth 2.0 JSON answer with an access_token")
            self._set(data, text)

    def _set(self, token: dict, response: str | None = None) -> None:
        token = dict(token)
        if token.get("expires_in") and not token.get("expires_at"):
            token["expires_at"] = int(time.time()) + int(token["expires_in"])
        object.__setattr__(self, "_token", token)
        object.__setattr__(self, "_response", response if response is not None else json.dumps(
            {k: v for k, v in token.items() if k != "expires_at"}))

    # documented properties
    @property
    def Valeur(self) -> str:
        return str(self._token.get("access_token") or "")

    @Valeur.setter
    def Valeur(self, value) -> None:
        self._token["access_token"] = to_str(value)

    @property
    def Actualisation(self) -> str:
        return str(self._token.get("refresh_token") or "")

    @Actualisation.setter
    def Actualisation(self, value) -> None:
        self._token["refresh_token"] = to_str(value)

    @property
    def DateExpiration(self) -> DateHeure:
        at = self._token.get("expires_at")
        return DateHeure(_dt.datetime.fromtimestamp(float(at)) if at else "")

    @DateExpiration.setter
    def DateExpiration(self, value) -> None:
        at = _parse_datetime(value)
        if at is None:
            self._token.pop("expires_at", None)
        else:
            self._token["expires_at"] = at

    @property
    def RéponseServeur(self) -> str:
        return self._response

    @RéponseServeur.setter
    def RéponseServeur(self, value) -> None:
        raise WLError("AuthToken.RéponseServeur is read-only")

    @property
    def Valide(self) -> bool:
        from .flows import expired
        return bool(self.Valeur) and not expired(self._token)

    @Valide.setter
    def Valide(self, value) -> None:
        raise WLError("AuthToken.Valide is read-only")

    def __repr__(self):
        return (f"AuthToken(Valide={self.Valide}, DateExpiration={self.DateExpiration!r}, "
                f"Valeur={_MASK if self.Valeur else ''!r}, Actualisation={_MASK if self.Actualisation else ''!r})")

    __str__ = __repr__

    # prefixed syntax (<AuthToken>.RenouvelleToken, page 1000026285)
    def RenouvelleToken(self) -> "AuthToken":
        return AuthRenouvelleToken(self)

    RefreshToken = RenouvelleToken


def _failed(params, message: str) -> AuthToken:
    set_error(f"OAuth 2.0 connection error: {message}", ERR_OAUTH)
    return AuthToken(params)


def AuthIdentifie(params, callback=None) -> AuthToken:
    """The account's token: stored, renewed, or a new authorisation (see the module doc)."""
    clear_error()
    if callback is not None:
        raise UnsupportedError("AuthIdentifie with a callback procedure (asynchronous syntax)", "OAuth 2.0")
    if not isinstance(params, OAuth2Paramètres):
        raise WLError(f"AuthIdentifie: an OAuth2Paramètres variable was expected, not {type(params).__name__}")
    from . import flows
    client = params._client()
    try:
        if params.TypeAutorisation == taApplicationCliente:
            token = flows.client_credentials(client)
        elif params.TypeAutorisation == taMotDePasse:
            token = flows.password(client, params.NomUtilisateur, params.MotDePasse)
        else:
            token = flows.obtain(client)
    except flows.AuthFailure as e:
        return _failed(params, e.message)
    except OSError as e:
        return _failed(params, f"cannot store the token: {e.strerror or e}")
    result = AuthToken(params)
    result._set(token)
    return result


def _renew(token: "AuthToken") -> dict:
    """Renew with the refresh token and keep the account's stored token current."""
    from . import flows
    if token._params is None:
        raise flows.AuthFailure("this token has no OAuth2Paramètres (declare it with AuthToken(<parameters>, "
                                "<JSON>) or get it from AuthIdentifie)")
    return flows.renew(token._params._client(), token._token)


def AuthRenouvelleToken(token) -> AuthToken:
    """A renewed copy of `token` (the original is left as it was)."""
    clear_error()
    if not isinstance(token, AuthToken):
        raise WLError(f"AuthRenouvelleToken: an AuthToken variable was expected, not {type(token).__name__}")
    from . import flows
    try:
        new = _renew(token)
    except flows.AuthFailure as e:
        return _failed(token._params, e.message)
    result = AuthToken(token._params)
    result._set(new)
    return result


def bearer_token(token) -> str:
    """The access token a mail session sends (XOAUTH2 / OAUTHBEARER).  An expired token
    that can be renewed is renewed first, in place, so a long job keeps working.
    Raises flows.AuthFailure when there is no usable token."""
    from . import flows
    if not isinstance(token, AuthToken):
        raise WLError(f"AuthToken: an AuthToken variable was expected, not {type(token).__name__}")
    if flows.expired(token._token, flows.LEEWAY) and token.Actualisation and token._params is not None:
        token._set(_renew(token))
    if not token.Valeur:
        raise flows.AuthFailure("the AuthToken is empty (AuthIdentifie failed?)")
    return token.Valeur


AuthIdentify = AuthIdentifie
AuthRefreshToken = AuthRenouvelleToken
