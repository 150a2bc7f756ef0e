#!/bin/bash
# mkdovecot.sh DIR [MAILUSER]
# Lays out a self-contained Dovecot 2.3 instance under DIR: dovecot.conf, TLS cert
# (kept if DIR/tls/cert.pem + key.pem already exist, e.g. written from a test CA),
# passwd-file users, Maildirs.  Prints DIR/dovecot.conf.
# Start: dovecot -F -c DIR/dovecot.conf (foreground) or dovecot -c DIR/dovecot.conf
# Stop:  doveadm -c DIR/dovecot.conf stop   (or kill -TERM $(cat DIR/run/master.pid))
# MAILUSER owns the mail files. As root it MUST be a non-root user (Dovecot refuses
# mail access as uid 0): default nobody. As non-root it is the invoking user.
# Ports from the environment: IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT
# (defaults 10143 10993 10110 10995).
# Users: alice/alicepw, bob/bobpw, and any t_<anything>/testpw (fresh mailbox per name).
# OAUTH2_INTROSPECTION_URL set: OAuth 2.0 only instead (SASL XOAUTH2 and OAUTHBEARER, every
# token checked against that RFC 7662 introspection endpoint; the user is its "username").
set -euo pipefail
D=$(realpath -m "${1:?usage: mkdovecot.sh DIR [MAILUSER]}")
if [ "$(id -u)" = 0 ]; then
  MU=${2:-nobody}
  IU=dovecot; IG=dovecot; LU=dovenull      # Debian's users; login must not be root
  CHROOT_OFF=""
else
  MU=$(id -un)
  IU=$(id -un); IG=$(id -gn); LU=$(id -un)
  CHROOT_OFF="  chroot ="                  # non-root master cannot chroot()
fi
MUID=$(id -u "$MU"); MGID=$(id -g "$MU")
IMAP_PORT=${IMAP_PORT:-10143}; IMAPS_PORT=${IMAPS_PORT:-10993}
POP3_PORT=${POP3_PORT:-10110}; POP3S_PORT=${POP3S_PORT:-10995}
mkdir -p "$D"/{run,state,log,mail,tls}
if [ ! -f "$D/tls/cert.pem" ] || [ ! -f "$D/tls/key.pem" ]; then   # self-signed, localhost + 127.0.0.1
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$D/tls/key.pem" -out "$D/tls/cert.pem" 2>/dev/null
fi
cat > "$D/users" <<USERS
alice:{PLAIN}alicepw::::::
bob:{PLAIN}bobpw::::::
USERS
AUTH_MECHANISMS="plain login"
PASSDB="passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/users
}
# any user named t_<anything> logs in with password \"testpw\" -> fresh empty mailbox per name
# (passwd-file edits are only noticed once per second, so don't add users per test there)
passdb {
  driver = static
  args = password=testpw
  username_filter = t_*
}"
if [ -n "${OAUTH2_INTROSPECTION_URL:-}" ]; then
  AUTH_MECHANISMS="xoauth2 oauthbearer"
  cat > "$D/dovecot-oauth2.conf.ext" <<OAUTH
introspection_mode = post
introspection_url = $OAUTH2_INTROSPECTION_URL
username_attribute = username
active_attribute = active
active_value = true
OAUTH
  PASSDB="passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $D/dovecot-oauth2.conf.ext
}"
fi
cat > "$D/dovecot.conf" <<CONF
# standalone test instance -- dovecot -c $D/dovecot.conf
protocols = imap pop3
listen = 127.0.0.1
base_dir = $D/run
state_dir = $D/state
log_path = $D/log/dovecot.log
info_log_path = $D/log/dovecot.log
instance_name = wlmail-test-$$
default_internal_user = $IU
default_internal_group = $IG
default_login_user = $LU
first_valid_uid = 1
first_valid_gid = 1
disable_plaintext_auth = no
auth_mechanisms = $AUTH_MECHANISMS
auth_failure_delay = 0
mail_fsync = never
ssl = yes
ssl_cert = <$D/tls/cert.pem
ssl_key = <$D/tls/key.pem
mail_location = maildir:$D/mail/%u/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
$PASSDB
userdb {
  driver = static
  args = uid=$MUID gid=$MGID home=$D/mail/%u
}
protocol imap {
  mail_max_userip_connections = 100
}
protocol pop3 {
  mail_max_userip_connections = 100
}
pop3_uidl_format = %08Xu%08Xv
service imap-login {
$CHROOT_OFF
  inet_listener imap {
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = $IMAPS_PORT
    ssl = yes
  }
}
service pop3-login {
$CHROOT_OFF
  inet_listener pop3 {
    port = $POP3_PORT
  }
  inet_listener pop3s {
    port = $POP3S_PORT
    ssl = yes
  }
}
service anvil {
$CHROOT_OFF
  # no auth penalty (else 2..15 s delay per failed login from the same IP)
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
chown -R "$MUID:$MGID" "$D/mail"
echo "$D/dovecot.conf"
