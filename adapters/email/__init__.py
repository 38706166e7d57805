"""The email channel: SMTP or the outbox out, IMAP or an MTA pipe in, replies read without quotes."""

from adapters.email.channel import EmailChannel
from adapters.email.ingest import ingest_bytes
from adapters.email.mailer import mailer_from_settings

__all__ = ["EmailChannel", "ingest_bytes", "mailer_from_settings"]
