"""The web app's routes, one module per area: sign-in, setup, plans, answers, people, uploads, outbox, ask, reports."""
