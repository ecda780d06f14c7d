"""Verifiable certificates: Open Badges 3.0 credentials with eddsa-rdfc-2022 proofs.

:mod:`~autograder.certificates.certify` issues them from ``faircourse grade`` results,
:mod:`~autograder.certificates.verify` checks them offline, :mod:`~.status` revokes them.
"""

from autograder.certificates.certify import CertifyReport, certify, revoke
from autograder.certificates.keys import did_key, generate_key, load_private_key
from autograder.certificates.verify import Verification, verify_credential

__all__ = [
    "CertifyReport",
    "Verification",
    "certify",
    "did_key",
    "generate_key",
    "load_private_key",
    "revoke",
    "verify_credential",
]
