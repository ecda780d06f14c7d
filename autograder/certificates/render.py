"""The human-readable certificate (HTML and PDF), from the signed credential's own data.

Both show what the credential says (learner, achievement, module scores, issuer, dates, id)
and how to check it: ``faircourse verify`` on the JSON file, whose SHA-256 they print. The
signed JSON is the certificate; these pages are its readable face.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

__all__ = ["certificate_fields", "write_html", "write_pdf"]

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core


def certificate_fields(credential: dict, json_bytes: bytes) -> dict:
    """What both renderings show, taken from the credential (nothing else)."""
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    names = [
        i["identityHash"] for i in subject.get("identifier", []) if i.get("identityType") == "name"
    ]
    described = {d["id"]: d for d in achievement.get("resultDescription", [])}
    modules = []
    for r in subject.get("result", []):
        d = described.get(r.get("resultDescription"), {})
        modules.append(
            (
                d.get("name", "?"),
                r.get("value", "?"),
                d.get("valueMax", "?"),
                d.get("requiredValue", "?"),
            )
        )
    issuer = credential["issuer"]
    return {
        "learner": names[0] if names else "the holder of the student id hashed in the credential",
        "title": achievement["name"],
        "criteria": achievement.get("criteria", {}).get("narrative", ""),
        "modules": modules,
        "issuer": issuer.get("name", issuer.get("id", "")),
        "issuer_id": issuer.get("id", ""),
        "valid_from": credential.get("validFrom", ""),
        "id": credential.get("id", ""),
        "sha256": hashlib.sha256(json_bytes).hexdigest(),
    }


def _hint(fields: dict, json_name: str) -> str:
    return (
        f"Verify: faircourse verify {json_name} (the signed Open Badges 3.0 credential, "
        f"SHA-256 {fields['sha256']}); issuer {fields['issuer_id']}."
    )


def write_html(credential: dict, json_path: Path, out: Path) -> Path:
    """A self-contained HTML page (no script, no remote resource)."""
    f = certificate_fields(credential, Path(json_path).read_bytes())
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{e(m)}</td><td>{e(v)} / {e(mx)}</td><td>{e(req)}</td></tr>"
        for m, v, mx, req in f["modules"]
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{e(f["title"])}: {e(f["learner"])}</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:3em auto;line-height:1.5}}
h1{{font-size:2em}} table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.2em .6em}}
.hint{{font-size:.85em;color:#333;word-break:break-all}}</style></head>
<body>
<h1>{e(f["title"])}</h1>
<p>awarded to <strong>{e(f["learner"])}</strong></p>
<p>by <strong>{e(f["issuer"])}</strong>, valid from {e(f["valid_from"])}</p>
<p>{e(f["criteria"])}</p>
<table><tr><th>module</th><th>score</th><th>points required</th></tr>
{rows}
</table>
<p class="hint">Credential {e(f["id"])}.<br>{e(_hint(f, Path(json_path).name))}</p>
</body></html>
"""
    Path(out).write_text(page, encoding="utf-8")
    return Path(out)


def write_pdf(credential: dict, json_path: Path, out: Path) -> Path:
    """One A4 page with the same fields (fpdf2; DejaVu Sans when installed, else Helvetica)."""
    from fpdf import FPDF

    f = certificate_fields(credential, Path(json_path).read_bytes())
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if FONT.is_file():
        pdf.add_font("cert", fname=str(FONT))
        family, text = "cert", str
    else:  # the core fonts know Latin-1 only
        family = "Helvetica"

        def text(s: str) -> str:
            return str(s).encode("latin-1", "replace").decode("latin-1")

    def line(s: str, size: float, h: float = 8) -> None:
        pdf.set_font(family, size=size)
        pdf.multi_cell(0, h, text(s), new_x="LMARGIN", new_y="NEXT", align="C")

    pdf.ln(20)
    line(f["title"], 26, 14)
    pdf.ln(6)
    line("awarded to", 12)
    line(f["learner"], 20, 12)
    pdf.ln(4)
    line(f"by {f['issuer']}, valid from {f['valid_from']}", 12)
    pdf.ln(4)
    line(f["criteria"], 11, 6)
    pdf.ln(4)
    for m, v, mx, req in f["modules"]:
        line(f"{m}: {v} / {mx} points ({req} required)", 11, 6)
    pdf.ln(10)
    line(f"Credential {f['id']}", 8, 5)
    line(_hint(f, Path(json_path).name), 8, 5)
    pdf.output(str(out))
    return Path(out)
