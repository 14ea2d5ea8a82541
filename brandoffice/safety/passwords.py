"""Password rules and argon2id hashing (memory-hard, salted, self-describing)."""

from __future__ import annotations

import functools
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from brandoffice.errors import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_KINDS = 3
POLICY_TEXT = "密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三种"

# RFC 9106's second recommended profile: argon2id, 64 MiB, 3 passes, 4 lanes.
HASHER = PasswordHasher()


def password_problem(password: str, account: str | None = None) -> str | None:
    """Explain why a password breaks the policy, or return None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return POLICY_TEXT + f"（现在只有 {len(password)} 位）"
    if len(password) > MAX_LENGTH:
        return f"密码不能超过 {MAX_LENGTH} 位"
    kinds = sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < MIN_KINDS:
        return POLICY_TEXT + f"（现在只有 {kinds} 种）"
    if account and account.strip().lower() in password.lower():
        return "密码不能包含用户名"
    return None


def check_policy(password: str, account: str | None = None) -> None:
    """Raise ValidationError (field ``password``) when the password breaks the policy."""
    problem = password_problem(password, account)
    if problem:
        raise ValidationError(problem, "password")


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password (with its own salt and parameters)."""
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Tell whether ``password`` matches a stored hash (False for a damaged hash)."""
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Tell whether a hash was made with weaker parameters than today's."""
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@functools.cache
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist (same time as a real one)."""
    return HASHER.hash("BrandOffice-Dummy-1!")
