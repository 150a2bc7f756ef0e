"""OAuth 2.0 end to end on loopback: the test authorization server (tests/servers/oauth_server.py),
a Dovecot whose oauth2 passdb checks every token against its introspection endpoint, and an
aiosmtpd that accepts only XOAUTH2/OAUTHBEARER checked the same way."""
import itertools
import json
import os
import stat
import subprocess
import sys
import urllib.parse

import pytest
import requests

from wltest import run_source

_users = itertools.count(1)


@pytest.fixture
def state_home(tmp_path, monkeypatch):
    """Each test stores its tokens in its own $XDG_STATE_HOME."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture
def user(oauth_servers):
    name = f"o_{os.getpid()}_{next(_users)}"
    oauth_servers["authz"].device_user = name
    return name


def params(ms, user, client="wlmail-public", device=True):
    url = ms["oauth_url"]
    return f"""
p est un OAuth2Paramètres
p.ClientID = "{client}"
p.URLToken = "{url}/token"
{'p.URLCodeAppareil = "' + url + '/device"' if device else ''}
p.Scope = "mail offline_access"
p.NomUtilisateur = "{user}"
"""


def session(ms, user, kind, var="s"):
    port = {"IMAP": ms["imap"], "POP3": ms["pop3"], "SMTP": ms["smtp"]}[kind]
    return f"""
{var} est un emailSession{kind}
{var}.AdresseServeur = "{ms['host']}"
{var}.Port = {port}
{var}.Nom = "{user}"
{var}.AuthToken = t
"""


def no_secret(result, authz):
    """No access or refresh token ever reaches the output."""
    text = result.stdout + result.stderr
    for issued in authz.issued:
        assert issued["access_token"] not in text
        assert issued["refresh_token"] not in text


def test_device_flow_then_imap_pop3_and_smtp(tmp_path, oauth_servers, state_home, user):
    ms, authz = oauth_servers, oauth_servers["authz"]
    r = run_source(params(ms, user) + """
t est un AuthToken = AuthIdentifie(p)
Trace("token", t.Valide, ErreurDétectée, t.Actualisation <> "", t.DateExpiration > DateHeureSys())
""" + session(ms, user, "IMAP") + """
SI EmailOuvreSession(s) ALORS
    Trace("imap", EmailDossierCourant(s))
    EmailFermeSession(s)
SINON
    Trace("imap failed", ErreurInfo())
FIN
""" + session(ms, user, "POP3", "s3") + """
SI EmailOuvreSession(s3) ALORS
    Trace("pop3", EmailNbMessage(s3))
    EmailFermeSession(s3)
SINON
    Trace("pop3 failed", ErreurInfo())
FIN
""" + session(ms, user, "SMTP", "s2") + f"""
m est un Email
m.Expéditeur = "{user}@example.test"
Ajoute(m.Destinataire, "{user}@example.test")
m.Sujet = "envoyé avec un jeton"
m.Message = "corps"
SI EmailOuvreSession(s2) ALORS
    Trace("smtp", EmailEnvoieMessage(s2, m))
    EmailFermeSession(s2)
SINON
    Trace("smtp failed", ErreurInfo())
FIN
""", tmp_path)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["token 1 0 1 1", "imap INBOX", "pop3 0", "smtp 1"]
    code = authz.issued[-1]
    assert "enter the code" in r.stderr and "/activate" in r.stderr
    sent = [m for m in ms["smtp_capture"].messages if user in m["mail_from"]]
    assert len(sent) == 1 and sent[0]["auth"] and b"envoy" in sent[0]["data"]
    grants = [g["grant_type"] for path, g in authz.requests if path == "/token"]
    assert grants.count("urn:ietf:params:oauth:grant-type:device_code") == 2   # pending, then approved
    assert code["user"] == user
    no_secret(r, authz)


def test_refresh_token_is_stored_privately_and_reused(tmp_path, oauth_servers, state_home, user):
    ms, authz = oauth_servers, oauth_servers["authz"]
    program = params(ms, user) + """
t est un AuthToken = AuthIdentifie(p)
Trace(t.Valide, ErreurInfo())
"""
    assert run_source(program, tmp_path).stdout.strip() == "1"
    folder = state_home / "wlmail" / "oauth"
    files = list(folder.glob("*.json"))
    assert len(files) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    stored = json.loads(files[0].read_text())
    assert stored["account"][3] == user and stored["token"]["refresh_token"]

    # a second run (cron: no terminal) uses the stored token: no new authorisation
    devices = sum(1 for path, _ in authz.requests if path == "/device")
    assert run_source(program, tmp_path).stdout.strip() == "1"
    assert sum(1 for path, _ in authz.requests if path == "/device") == devices

    # the stored access token has expired: renewed with the refresh token, the new one stored
    stored["token"]["expires_at"] = 1
    files[0].write_text(json.dumps(stored))
    os.chmod(files[0], 0o600)
    r = run_source(program, tmp_path)
    assert r.stdout.strip() == "1", r.stderr
    renewed = json.loads(files[0].read_text())["token"]
    assert renewed["refresh_token"] != stored["token"]["refresh_token"]       # the server rotates it
    assert renewed["access_token"] == authz.issued[-1]["access_token"]
    assert sum(1 for path, _ in authz.requests if path == "/device") == devices

    # a token file others can read is refused, not used
    os.chmod(files[0], 0o644)
    r = run_source(program, tmp_path)
    assert r.code == 0
    assert r.stdout.strip().startswith("0 OAuth 2.0 connection error:")
    assert "readable by other users" in r.stdout
    no_secret(r, authz)


def test_expired_token_fails_then_renewed(tmp_path, oauth_servers, state_home, user):
    ms, authz = oauth_servers, oauth_servers["authz"]
    assert run_source(params(ms, user) + "AuthIdentifie(p)\n", tmp_path).code == 0
    authz.expire(authz.issued[-1]["access_token"])          # expired at the server, not yet for the client
    r = run_source(params(ms, user) + """
t est un AuthToken = AuthIdentifie(p)
""" + session(ms, user, "IMAP") + """
Trace("open", EmailOuvreSession(s), ErreurDétectée, Email.Erreur)
Trace(ErreurInfo())
t2 est un AuthToken = AuthRenouvelleToken(t)
Trace("renewed", t2.Valide, ErreurDétectée, t2.Valeur <> t.Valeur)
s.AuthToken = t2
Trace("open", EmailOuvreSession(s))
EmailFermeSession(s)
// an AuthToken past its DateExpiration is renewed by EmailOuvreSession itself
t2.DateExpiration = "20000101000000"
Trace("valid", t2.Valide)
""" + session(ms, user, "SMTP", "s2").replace("= t\n", "= t2\n") + """
Trace("open", EmailOuvreSession(s2), t2.Valide)
EmailFermeSession(s2)
""", tmp_path)
    assert r.code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "open 0 1 6"
    assert "login refused" in lines[1] and user in lines[1]
    assert lines[2:] == ["renewed 1 0 1", "open 1", "valid 0", "open 1 1"]
    no_secret(r, authz)


def test_revoked_token_is_a_clear_wlangage_error(tmp_path, oauth_servers, state_home, user):
    ms, authz = oauth_servers, oauth_servers["authz"]
    assert run_source(params(ms, user) + "AuthIdentifie(p)\n", tmp_path).code == 0
    authz.revoke(user)
    r = run_source(params(ms, user) + """
t est un AuthToken = AuthIdentifie(p)
Trace("stored", t.Valide)
""" + session(ms, user, "IMAP") + session(ms, user, "POP3", "s3") + session(ms, user, "SMTP", "s2") + """
Trace("imap", EmailOuvreSession(s), ErreurDétectée, ErreurInfo())
Trace("pop3", EmailOuvreSession(s3), ErreurDétectée, ErreurInfo())
Trace("smtp", EmailOuvreSession(s2), ErreurDétectée, ErreurInfo())
t2 est un AuthToken = AuthRenouvelleToken(t)
Trace("renew", t2.Valide, ErreurDétectée)
Trace(ErreurInfo())
""", tmp_path)
    assert r.code == 0, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "stored 1"
    for line, kind in zip(lines[1:4], ("imap", "pop3", "smtp")):
        assert line.startswith(f"{kind} 0 1 login refused by"), line
        assert line.endswith("renew it with AuthRenouvelleToken or authorise again)"), line
    assert lines[4] == "renew 0 1"
    assert lines[5].startswith("OAuth 2.0 connection error: token renewal refused: invalid_grant")
    no_secret(r, authz)


def test_without_device_flow_or_terminal_the_error_says_what_to_do(tmp_path, oauth_servers, state_home, user):
    r = run_source(params(oauth_servers, user, device=False) + """
t est un AuthToken = AuthIdentifie(p)
Trace(t.Valide, ErreurDétectée, t)
Trace(ErreurInfo())
""", tmp_path)
    assert r.code == 0, r.stderr
    first, info = r.stdout.splitlines()
    assert first.startswith("0 1 AuthToken(Valide=False")
    assert info.startswith("OAuth 2.0 connection error: no stored authorisation for " + user)
    assert "wlmail auth" in info


def test_plain_http_is_refused_except_on_loopback(tmp_path, state_home):
    r = run_source("""
p est un OAuth2Paramètres
p.ClientID = "x"
p.ClientSecret = "very-secret-value"
p.URLToken = "http://auth.example.test/token"
p.TypeAutorisation = taApplicationCliente
t est un AuthToken = AuthIdentifie(p)
Trace(t.Valide, ErreurInfo())
Trace(p)
""", tmp_path)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines()[0] == ("0 OAuth 2.0 connection error: the token URL (URLToken) must be an "
                                        "https:// URL (got 'http://auth.example.test/token')")
    assert "very-secret-value" not in r.stdout + r.stderr


def test_client_credentials_and_password_grants_and_json_constructor(tmp_path, oauth_servers, state_home):
    url = oauth_servers["oauth_url"]
    r = run_source(f"""
p est un OAuth2Paramètres
p.ClientID = "wlmail-test"
p.ClientSecret = "s3cret-client-value"
p.Option = authClientSecretBasic
p.URLToken = "{url}/token"
p.TypeAutorisation = taApplicationCliente
t est un AuthToken = AuthIdentifie(p)
Trace(t.Valide, t.Actualisation = "")
p.TypeAutorisation = taMotDePasse
p.NomUtilisateur = "alice"
p.MotDePasse = "alicepw"
t = AuthIdentifie(p)
Trace(t.Valide, t.Actualisation <> "")
t3 est un AuthToken(p, "{{""access_token"": ""abc"", ""expires_in"": 60}}")
Trace(t3.Valide, t3.Value, t3.ServerResponse)
""", tmp_path)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["1 1", "1 1", '1 abc {"access_token": "abc", "expires_in": 60}']
    assert "s3cret-client-value" not in r.stdout + r.stderr


@pytest.mark.parametrize("mechanism", ["XOAUTH2", "OAUTHBEARER"])
def test_both_sasl_mechanisms_on_every_protocol(oauth_servers, mechanism, monkeypatch, user):
    from wlmail.runtime.email.backends import _net, imap, pop3, smtp
    from wlmail.runtime.email.backends.base import Credentials, MailError
    ms, authz = oauth_servers, oauth_servers["authz"]
    with authz.lock:
        token = authz._issue(user, "wlmail-public", "mail")["access_token"]
    for module in (imap, pop3, smtp):
        monkeypatch.setattr(module, "bearer_mechanism", lambda offered: mechanism)
    for backend, port in ((imap.ImapBackend, ms["imap"]), (pop3.Pop3Backend, ms["pop3"]),
                          (smtp.SmtpBackend, ms["smtp"])):
        creds = Credentials(ms["host"], port, user, "", timeout=10, token=token)
        b = backend(creds)
        b.open()
        b.close()
        assert token not in repr(creds) + repr(b)
        bad = Credentials(ms["host"], port, user, "", timeout=10, token="not-a-token")
        with pytest.raises(MailError) as e:
            backend(bad).open()
        assert e.value.code == 6 and "not-a-token" not in e.value.message
    assert _net.bearer_mechanism(["PLAIN", "XOAUTH2", "OAUTHBEARER"]) == "XOAUTH2"
    assert _net.bearer_mechanism(["OAUTHBEARER"]) == "OAUTHBEARER"


def test_browser_authorisation_with_wlmail_auth(tmp_path, oauth_servers, state_home):
    """Authorization code + PKCE for providers without a device flow (Gmail): `wlmail auth`
    prints the URL, the browser (here: requests) follows it, the user pastes the redirect."""
    pexpect = pytest.importorskip("pexpect")
    url = oauth_servers["oauth_url"]
    env = dict(os.environ, XDG_STATE_HOME=str(state_home), APP_SECRET="s3cret-client-value",
               PYTHONPATH=os.pathsep.join(sys.path))
    child = pexpect.spawn(sys.executable, ["-m", "wlmail", "auth", "--client-id", "wlmail-test",
                                           "--client-secret-env", "APP_SECRET", "--auth-url", url + "/authorize",
                                           "--token-url", url + "/token", "--scope", "https://mail.test/",
                                           "--user", "alice", "--redirect-uri", "http://localhost:9/cb",
                                           "--extra", "access_type=offline"],
                          env=env, encoding="utf-8", timeout=60)
    child.expect(r"(http://127\.0\.0\.1:\d+/authorize\?\S+)")
    link = child.match.group(1)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    assert query["code_challenge_method"] == "S256" and query["access_type"] == "offline"
    assert query["login_hint"] == "alice"
    redirect = requests.get(link, allow_redirects=False, timeout=10).headers["Location"]
    child.expect("press Enter")
    child.sendline(redirect)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "s3cret-client-value" not in child.before
    files = list((state_home / "wlmail" / "oauth").glob("*.json"))
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600

    # the script finds that authorisation (same token URL, client, scope and user), no terminal needed
    r = run_source(f"""
p est un OAuth2Paramètres
p.ClientID = "wlmail-test"
p.ClientSecret = "s3cret-client-value"
p.URLToken = "{url}/token"
p.Scope = "https://mail.test/"
p.NomUtilisateur = "alice"
t est un AuthToken = AuthIdentifie(p)
Trace(t.Valide, ErreurDétectée)
""", tmp_path)
    assert r.stdout.strip() == "1 0", r.stderr


def test_a_script_without_oauth_does_not_import_authlib(tmp_path):
    script = tmp_path / "plain.wl"
    script.write_text('Trace("ok")\n', encoding="utf-8")
    code = ("import sys\nfrom wlmail.cli import main\nmain(['run', sys.argv[1]])\n"
            "print(sorted(m for m in ('authlib', 'requests') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)), timeout=60)
    assert out.stdout.splitlines() == ["ok", "[]"], out.stderr


def test_renewing_twice_with_a_rotated_refresh_token_takes_the_stored_one(tmp_path, oauth_servers, state_home,
                                                                          user):
    """Two jobs (or two calls) renewing the same token: the server rotates the refresh token,
    so the second renewal uses what the first one stored instead of failing."""
    r = run_source(params(oauth_servers, user) + """
t est un AuthToken = AuthIdentifie(p)
t2 est un AuthToken = AuthRenouvelleToken(t)
t3 est un AuthToken = AuthRenouvelleToken(t)
Trace(t2.Valide, t3.Valide, ErreurDétectée, t3.Valeur = t2.Valeur, t2.Valeur <> t.Valeur)
""", tmp_path)
    assert r.code == 0, r.stderr
    assert r.stdout.strip() == "1 1 0 1 1"


def test_known_device_endpoints_and_transpiled_constructor(tmp_path):
    from wlmail.runtime.auth.providers import device_url_for
    assert (device_url_for("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
            == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode")
    assert device_url_for("https://oauth2.googleapis.com/token") == ""       # Gmail: no device flow
    source = tmp_path / "jeton.wl"
    source.write_text('p est un OAuth2Paramètres\nt est un AuthToken(p, "{""access_token"": ""x""}")\n'
                      'Trace(t.Valide)\n', encoding="utf-8")
    from wltest import run_cli
    assert run_cli("transpile", str(source), "-o", str(tmp_path / "jeton.py")).code == 0
    python = (tmp_path / "jeton.py").read_text(encoding="utf-8")
    assert "t = AuthToken(p, " in python
    out = subprocess.run([sys.executable, str(tmp_path / "jeton.py")], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)), timeout=60)
    assert out.stdout == "1\n", out.stderr
