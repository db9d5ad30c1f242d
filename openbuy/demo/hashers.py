"""The demo's password hashing: Argon2 at a low cost, so that loading several dozen demo
accounts takes a moment rather than half a minute. Every demo account has the same
published password, so nothing is lost; the hash names its own cost, so the normal hasher
checks it and makes it full strength at the account's first sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8192
    parallelism = 1
