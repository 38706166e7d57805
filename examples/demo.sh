#!/usr/bin/env bash
# A whole round on the 2006 Overall Performance Improvement Plan, on a fresh SQLite database and the
# local outbox: import, ask every lead, take two replies, answer a question, write the reports.
# Run from an empty folder:  bash /path/to/chaser/examples/demo.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seed="$here/../tests/data/seeds/000_1d9b646d0b83632c.txt"
export CHASER_EMAIL_FROM=chaser@herefordshire.example

run() { echo "\$ $*"; "$@"; }

run chaser init
run chaser people import "$here/people.csv"
run chaser import "$seed" --plan overall-2006
run chaser cycle --plan overall-2006 --today 2006-06-12

# Sue Fiennes (DoCS) answers her request by email; her mail client quotes the request below.
token_of() { grep -l "^To: $1" outbox/*.eml | head -n1 | xargs grep -m1 -o 'chaser+[a-z0-9]*@' | sed 's/chaser+//; s/@//'; }
sue=$(token_of sue.fiennes@herefordshire.example)
cat > reply-sue.eml <<MAIL
From: Sue Fiennes <sue.fiennes@herefordshire.example>
To: chaser+$sue@herefordshire.example
Subject: Re: Progress on your actions
Date: Wed, 14 Jun 2006 10:30:00 +0100
Message-ID: <reply-sue-1@herefordshire.example>
Content-Type: text/plain; charset=utf-8

7.2 e) still waiting on the IPC consultancy - end of August now.
7.4 Forward Delivery Plan first draft done but not yet fit for purpose, revised date 30 June.

Sue

On Mon, 12 Jun 2006 at 09:00, chaser@herefordshire.example wrote:
> Please tell us how your actions are going.
MAIL
run chaser email ingest reply-sue.eml --today 2006-06-14
run chaser email ingest reply-sue.eml --today 2006-06-14

run chaser ask --today 2006-06-14 --plan overall-2006 "what's overdue in section 7?"
run chaser report exceptions --plan overall-2006 --today 2006-06-14 --format txt
