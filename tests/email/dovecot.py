"""A private Dovecot IMAP server for the tests: plain password, Maildir under a temp folder, a free port."""

from __future__ import annotations

import getpass
import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "chaser", "imap-test-password"


@dataclass
class Dovecot:
    """A running server."""

    port: int
    root: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def available() -> bool:
    return Path(DOVECOT).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(root: Path) -> Dovecot:
    """Write a minimal dovecot.conf under ``root`` and run ``dovecot -F -c`` on a free port."""
    port = _free_port()
    user, group = getpass.getuser(), grp.getgrgid(os.getgid()).gr_name
    login_user, mail_uid, mail_gid = user, os.getuid(), os.getgid()
    (root / "run").mkdir(parents=True, exist_ok=True)
    (root / "mail").mkdir(exist_ok=True)
    if os.getuid() == 0:
        # Dovecot refuses to run its login and mail processes as root: use the package's own users
        # (``root`` must then be a folder they can reach, not pytest's 0700 temp folder).
        login_user = "dovenull"
        owner = pwd.getpwnam("dovecot")
        mail_uid, mail_gid = owner.pw_uid, owner.pw_gid
        os.chown(root / "mail", mail_uid, mail_gid)
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{mail_uid}:{mail_gid}::{root / 'mail'}::\n", encoding="utf-8")
    conf = root / "dovecot.conf"
    conf.write_text(f"""
base_dir = {root / 'run'}
state_dir = {root / 'run'}
instance_name = chaser-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {root / 'dovecot.log'}
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
mail_location = maildir:{root / 'mail'}/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root / 'passwd'}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root / 'passwd'}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    user = {user}
  }}
  unix_listener stats-writer {{
    user = {user}
  }}
}}
""", encoding="utf-8")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # wait for the listener (readiness, not a timing assertion)
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            log = (root / "dovecot.log").read_text(errors="replace") if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot exited: {out}\n{log}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return Dovecot(port=port, root=root, process=process)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("dovecot did not start listening")
