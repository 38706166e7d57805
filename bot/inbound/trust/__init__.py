"""Whether to believe a message: who sent it, tokens and their expiry, held mail, safe and plausible facts."""
