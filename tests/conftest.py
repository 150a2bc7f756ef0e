"""Shared fixtures: real mail servers on 127.0.0.1, started once per test session.

* `mailserver` (session): a Dovecot instance (IMAP, IMAPS, POP3, POP3S) and aiosmtpd
  listeners; a dict with keys
    dir, conf, log, cafile (the test CA: pass it as Credentials.cafile), host ("127.0.0.1"),
    imap, imaps, pop3, pop3s            Dovecot ports (plain ports offer STARTTLS/STLS),
    smtp                                SMTP, STARTTLS + optional AUTH PLAIN/LOGIN,
    smtps                               SMTP over implicit TLS, optional AUTH,
    smtp_auth                           SMTP + STARTTLS, AUTH required (530 before),
    smtp_noauth                         SMTP advertising neither AUTH nor STARTTLS,
    smtp_capture                        the aiosmtpd handler: .messages = list of dicts
                                        (mail_from, rcpt_tos, data, auth, tls, port),
    smtp_outdir, mailroot, mailowner, users ({"alice": "alicepw", "bob": "bobpw"}),
    test_password ("testpw"), doveadm (callable: doveadm("kick", user)).
  SMTP delivers every accepted message into the Dovecot INBOX of each recipient's local
  part; recipients "unknown*"/"refuse*"@... are refused with 550.
* `mailbox_user`: a brand-new Dovecot user per test (t_<pid>_<n>, password "testpw"):
  a (user, password) named tuple with .user/.password.
* `oauth_servers` (session): the OAuth 2.0 variant: an authorization server (oauth_server.py;
  key "authz", its base URL "oauth_url") and a second Dovecot + aiosmtpd whose AUTH accepts only
  bearer tokens that server says are active (XOAUTH2, OAUTHBEARER); keys as `mailserver`,
  SMTP on "smtp" (AUTH required).
* `seed_messages(mailserver, user, messages, seen_flags=False, folder="INBOX")`: write
  messages straight into a user's Maildir (fast; see tests/servers/seed.py, which
  benchmarks can import too).  Also available as the fixture `seed`.
"""
from __future__ import annotations

import itertools
import os
import pathlib
import sys
from typing import NamedTuple

import pytest

SERVERS = pathlib.Path(__file__).resolve().parent / "servers"
if str(SERVERS) not in sys.path:
    sys.path.insert(0, str(SERVERS))

from harness import MailServers, ServerError  # noqa: E402
from seed import make_msg, seed_maildir, seed_messages  # noqa: E402,F401

__all__ = ["seed_messages", "seed_maildir", "make_msg", "MailboxUser"]


class MailboxUser(NamedTuple):
    user: str
    password: str


@pytest.fixture(scope="session")
def mailserver():
    ms = MailServers()
    try:
        try:
            info = ms.start()
        except ServerError as e:
            pytest.fail(str(e), pytrace=False)
        info["doveadm"] = ms.doveadm
        yield info
    finally:
        ms.stop()


@pytest.fixture(scope="session")
def oauth_servers():
    from oauth_server import AuthorizationServer
    authz = AuthorizationServer().start()
    ms = MailServers(introspection_url=authz.url + "/introspect")
    try:
        try:
            info = ms.start()
        except ServerError as e:
            pytest.fail(str(e), pytrace=False)
        info.update(authz=authz, oauth_url=authz.url)
        yield info
    finally:
        ms.stop()
        authz.stop()


_counter = itertools.count(1)


@pytest.fixture
def mailbox_user(mailserver) -> MailboxUser:
    """A brand-new user (empty mailbox, created at first login or first seeding)."""
    return MailboxUser(f"t_{os.getpid()}_{next(_counter)}", mailserver["test_password"])


@pytest.fixture
def seed(mailserver):
    """seed(user, messages, seen_flags=False, folder="INBOX") -> file paths."""
    def _seed(user, messages, seen_flags=False, folder="INBOX"):
        return seed_messages(mailserver, user, messages, seen_flags=seen_flags, folder=folder)
    return _seed


def pytest_configure(config):
    # compiled scripts (wlmail run) are cached under $XDG_CACHE_HOME: a fresh one per session,
    # inherited by every wlmail the tests start, so no test reads or litters the user's cache
    import tempfile
    os.environ["XDG_CACHE_HOME"] = config._wlmail_cache = tempfile.mkdtemp(prefix="wlmail-test-cache-")


def pytest_unconfigure(config):
    import shutil
    shutil.rmtree(getattr(config, "_wlmail_cache", ""), ignore_errors=True)
    # aiosmtpd warns about the deliberate AUTH-without-TLS listeners of the test servers
    config.addinivalue_line("filterwarnings", "ignore:Requiring AUTH while not requiring TLS:UserWarning")
