"""``faircourse progress``, ``keygen``, ``certify``, ``verify`` and ``revoke``: the end of term."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["add_certificate_commands"]


def _print_progress(progress) -> None:
    print(f"modules: {', '.join(progress.modules)}; rule: {progress.threshold:g} % of each")
    print(f"  {'student':<12} {'module':<36} {'score':>9}  status")
    for student, rows in progress.rows.items():
        for r in rows:
            score = f"{r.score:g}/{r.max_score:g}"
            print(f"  {student:<12} {r.module:<36} {score:>9}  {r.status}")
    passed = [s for s in progress.rows if progress.passed(s)]
    print(f"certificate rule met: {', '.join(passed) or 'nobody yet'}")
    for student in progress.rows:
        if not progress.passed(student):
            print(f"  {student} lacks: " + "; ".join(progress.lacking(student)))


def _cmd_progress(args) -> int:
    from autograder.progress import course_progress, write_progress_csv

    progress = course_progress([Path(r) for r in args.results], threshold=args.threshold)
    _print_progress(progress)
    if args.out:
        print(f"wrote {write_progress_csv(progress, Path(args.out))}")
    return 0


def _cmd_keygen(args) -> int:
    from autograder.certificates import did_key, generate_key

    did, _ = did_key(generate_key(Path(args.out)))
    print(f"wrote the signing key {args.out} (mode 0600; keep it private, keep a backup)")
    print(f"issuer: {did}")
    return 0


def _cmd_certify(args) -> int:
    from autograder.certificates import certify

    report = certify(
        [Path(r) for r in args.results],
        Path(args.out),
        issuer=Path(args.issuer),
        key=Path(args.key),
        threshold=args.threshold,
        roster=Path(args.roster) if args.roster else None,
    )
    progress = report.progress
    print(f"issuer: {report.issuer_id}; modules: {', '.join(progress.modules)}")
    for student, path in report.issued.items():
        print(f"certified {student}: {path} (+ certificate.html, certificate.pdf)")
    for student in report.already:
        print(f"already certified {student} (see {Path(args.out) / 'issued.json'})")
    for student in progress.rows:
        if not progress.passed(student):
            print(f"not certified {student}: " + "; ".join(progress.lacking(student)))
    return 0


def _cmd_verify(args) -> int:
    from autograder.certificates import verify_credential

    result = verify_credential(
        Path(args.credential),
        issuer_profile=Path(args.issuer_profile) if args.issuer_profile else None,
        status_list=Path(args.status_list) if args.status_list else None,
        expect_issuer=args.expect_issuer,
    )
    for check, found in result.checks:
        print(f"  ok  {check}: {found}")
    if not result.ok:
        print(f"INVALID {args.credential}: {result.error}")
        return 1
    print(f"VALID {args.credential}, issued by {result.issuer}")
    digest = hashlib.sha256(Path(args.credential).read_bytes()).hexdigest()
    print(f"  SHA-256 {digest} (the printed certificate shows the same)")
    if not args.status_list:
        print("  (revocation not checked: give the issuer's list with --status-list)")
    return 0


def _cmd_revoke(args) -> int:
    from autograder.certificates import revoke

    path = revoke(Path(args.credential), Path(args.certs), key=Path(args.key))
    print(f"revoked {args.credential} in {path}: publish it again at its URL")
    return 0


def add_certificate_commands(sub) -> None:
    """Add the progress and certificate commands to ``faircourse``'s sub-parsers ``sub``."""
    p = sub.add_parser("progress", help="each learner's standing against the certificate rule")
    p.add_argument("results", nargs="+", help="the --out folders of `faircourse grade`")
    p.add_argument("--threshold", type=float, default=70.0, help="percent of each module")
    p.add_argument("--out", help="also write one CSV row per learner and module")
    p.set_defaults(func=_cmd_progress)
    k = sub.add_parser("keygen", help="new Ed25519 signing key (mode 0600, outside the repo)")
    k.add_argument("--out", required=True, help="key file to create, e.g. ~/.faircourse/issuer.key")
    k.set_defaults(func=_cmd_keygen)
    c = sub.add_parser("certify", help="signed Open Badges 3.0 certificates for those who passed")
    c.add_argument("results", nargs="+", help="the --out folders of `faircourse grade`")
    c.add_argument("--out", required=True, help="folder for the certificates (CERTS)")
    c.add_argument("--issuer", required=True, help="ISSUER.json: name, url, email, id, ...")
    c.add_argument("--key", required=True, help="the signing key made by `faircourse keygen`")
    c.add_argument("--threshold", type=float, default=70.0, help="percent of each module")
    c.add_argument("--roster", help="CSV student_id,name: put the learner's name on it")
    c.set_defaults(func=_cmd_certify)
    y = sub.add_parser("verify", help="check a credential's proof, issuer, dates, revocation")
    y.add_argument("credential", help="credential.json")
    y.add_argument("--issuer-profile", help="profile of a URL issuer (default: beside it)")
    y.add_argument("--status-list", help="the issuer's published status-list.json")
    y.add_argument("--expect-issuer", help="fail unless the issuer is this id")
    y.set_defaults(func=_cmd_verify)
    r = sub.add_parser("revoke", help="revoke a credential in CERTS/status-list.json")
    r.add_argument("credential", help="credential.json to revoke")
    r.add_argument("--certs", required=True, help="the --out folder of `faircourse certify`")
    r.add_argument("--key", required=True, help="the signing key")
    r.set_defaults(func=_cmd_revoke)
