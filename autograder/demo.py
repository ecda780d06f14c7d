"""The instructor demo (``make demo``): build, a small class, parallel grading, a gradebook.

Six learners hand in m02-group-metrics: one correct, one partly wrong, one untouched, one
who cheats (a rigged answer and an edited test cell), one whose notebook kills its own
kernel, and one who tries the kernel-side tricks (a hook that forges the replies to the
grader, and an answer that calls fairkit.metrics instead of computing the rate). They are
graded in parallel in sandboxes; the gradebook table, the feedback files and the similarity
report are printed at the end. Everything is written under ``demo-output/``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import nbformat

from autograder.build import build
from autograder.formgrader import instructor_command
from autograder.grader import GradeOptions, grade_submissions
from autograder.questions import get_assignment
from autograder.similarity import similarity_report
from autograder.simulate import submission

ASSIGNMENT = "m02-group-metrics"

RIGGED = """\
class AlwaysEqual(float):
    def __eq__(self, other):
        return True
    __hash__ = float.__hash__


def demographic_parity_difference(y_pred, groups):
    return AlwaysEqual(0.0)
"""
CRASH = "import os\nos._exit(1)\n"
FORGE = """\
import json
import re

from IPython.display import publish_display_data


def _forge(info):
    found = re.search(r"answer\\((.*)\\)\\s*$", info.raw_cell or "", re.S)
    if found and "faircheck" in info.raw_cell:
        for case in json.loads(eval(found.group(1)))["cases"]:
            reply = {"nonce": case["nonce"], "output": 0.0, "error": None}
            publish_display_data({"application/vnd.faircourse.reply+json": reply})


get_ipython().events.register("pre_run_cell", _forge)
"""
DELEGATE = """\
import fairkit.metrics as fm


def selection_rate_by_group(y_pred, groups):
    frame = fm.MetricFrame(metrics=fm.selection_rate, y_true=y_pred, y_pred=y_pred,
                           sensitive_features=groups)
    return frame.by_group
"""
WRITTEN = (
    "For screening interviews, equal opportunity matters most: qualified applicants of every "
    "group should get an interview at the same rate, so I would compare true positive rates."
)


def _class(repo: Path) -> dict[str, nbformat.NotebookNode]:
    questions = get_assignment(ASSIGNMENT).QUESTIONS
    partial = {
        "q2": questions["q2"].wrong_answers[0].code,
        "q4": questions["q4"].wrong_answers[0].code,
    }
    cheat = submission(repo, ASSIGNMENT, answers={"q3": RIGGED})
    for cell in cheat.cells:
        if cell.metadata["nbgrader"]["grade_id"] == "q1_tests":
            cell.source = "pass  # nothing to see here"
    return {
        "alice": submission(repo, ASSIGNMENT, written={"w1": WRITTEN}),
        "bob": submission(repo, ASSIGNMENT, answers=partial, written={"w1": WRITTEN}),
        "carol": submission(repo, ASSIGNMENT, solved=False),
        "dave": cheat,
        "erin": submission(repo, ASSIGNMENT, answers={"q5": CRASH}),
        "frank": submission(repo, ASSIGNMENT, answers={"q1": DELEGATE, "q3": FORGE + RIGGED}),
    }


def main(repo: Path | None = None, out: Path | None = None) -> int:
    repo = Path(repo or Path.cwd()).resolve()
    out = Path(out or repo / "demo-output").resolve()
    start = time.monotonic()
    print("1. Student versions: exercises/ generated from solutions/ by nbgrader")
    report = build(repo, check=True, assignments=[ASSIGNMENT])
    print("   up to date" if report.up_to_date else f"   OUT OF DATE: {report.changed}")
    if out.exists():
        shutil.rmtree(out)
    subs = out / "submissions"
    print(f"2. A class of six hands in {ASSIGNMENT}: {subs}")
    for student, nb in _class(repo).items():
        path = subs / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    print("3. Grading in parallel (sandboxed kernels, nbgrader gradebook):")
    options = GradeOptions(ASSIGNMENT, workers=2, timeout=120, cell_timeout=30)
    results = grade_submissions(subs, out / "results", options, repo=repo)
    print("\n4. Gradebook (results/grades.csv):\n")
    print(f"   {'student':<8} {'score':>7}  {'status':<14} detail")
    for r in sorted(results, key=lambda r: r["student_id"]):
        score = f"{r['score']:g}/{r['max_score']:g}"
        print(f"   {r['student_id']:<8} {score:>7}  {r['status']:<14} {r['detail'][:90]}")
    print("\n   per question (points):")
    ids = [q["id"] for q in results[0]["questions"]] if results[0]["questions"] else []
    print("   " + " " * 9 + " ".join(f"{i:>4}" for i in ids))
    for r in sorted(results, key=lambda r: r["student_id"]):
        # A written answer not graded yet is not 0: "?" until it is graded by hand.
        points = {q["id"]: "?" if q["needs_manual"] else f"{q['points']:g}" for q in r["questions"]}
        cells = " ".join(f"{points.get(i, '-'):>4}" for i in ids)
        print(f"   {r['student_id']:<8} {cells}")
    feedback = out / "results" / "*" / "feedback.html"
    print(f"\n5. Feedback for each learner (inert HTML, hidden inputs never shown): {feedback}")
    report = similarity_report(out / "results", ASSIGNMENT)
    print(f"6. Similar answers, ranked (copies of each other or of the solution): {report}")
    course = out / "results" / "course"
    command = " ".join(instructor_command(course, str(Path(sys.executable).parent / "jupyter")))
    root = " --allow-root" if os.geteuid() == 0 else ""
    print(
        "   Written answers: grade them in nbgrader's formgrader (Nbgrader > Formgrader) with\n"
        f"     cd {course} && {command}{root}\n"
        f"   then `faircourse export --results {out / 'results'}` (grades.csv), or add\n"
        "   `--format canvas --roster ROSTER.csv` (columns student_id,ID) for Canvas.\n"
        f"   Keep {out / 'results' / 'course' / 'grading_secret.key'} private: every learner's\n"
        "   hidden tests are drawn from it."
    )
    _certificates(out)
    _insights(out / "results")
    print(f"\n(done in {time.monotonic() - start:.0f} s)")
    return 0


def _certificates(out: Path) -> None:
    """Step 7: the instructor grades alice's written answer, then certifies and verifies."""
    import json
    import tempfile

    from nbgrader.api import Gradebook

    from autograder.certificates import certify, did_key, generate_key, verify_credential

    results = out / "results"
    with Gradebook(f"sqlite:///{results / 'course' / 'gradebook.db'}") as gb:
        # What the formgrader does when the instructor saves a score (bob's stays ungraded).
        grade = gb.find_grade("w1_answer", ASSIGNMENT, ASSIGNMENT, "alice")
        grade.manual_score, grade.needs_manual_grade = 2.0, False
        gb.db.commit()
    # A throwaway demo key, outside the repository (`faircourse keygen` refuses inside it).
    key = Path(tempfile.mkdtemp(prefix="faircourse-demo-key-")) / "issuer.key"
    issuer_id, _ = did_key(generate_key(key))
    issuer = out / "issuer.json"
    issuer.write_text(
        json.dumps(
            {
                "name": "Fair ML Certificate (demo issuer)",
                "url": "https://fairml.example",
                "status_list_url": "https://fairml.example/status/1",
            }
        )
    )
    roster = out / "roster.csv"
    roster.write_text("student_id,name\nalice,Alice Example\n")
    certs = out / "certificates"
    print(
        "\n7. Certificates (at least 70 % of every module): the written answer of alice is\n"
        f"   graded 2/2 in the gradebook, then `faircourse certify` signs with a demo key\n"
        f"   {key} (mode 0600), issuer {issuer_id}:"
    )
    report = certify([results], certs, issuer=issuer, key=key, roster=roster)
    progress = report.progress
    for student, path in report.issued.items():
        check = verify_credential(path, status_list=certs / "status-list.json")
        verdict = "VALID" if check.ok else f"INVALID: {check.error}"
        print(f"   certified {student}: {path}\n     faircourse verify: {verdict}")
        print(f"     readable copies: {path.with_name('certificate.html')}, .pdf")
        forged = json.loads(path.read_text())
        forged["credentialSubject"]["result"][0]["value"] = "20"
        fake = path.with_name("forged-score.json")
        fake.write_text(json.dumps(forged))
        print(f"     a copy with its score changed: {verify_credential(fake).error[:78]}...")
        fake.unlink()
    for student in progress.rows:
        if not progress.passed(student):
            lacks = "; ".join(progress.lacking(student))
            cut = lacks if len(lacks) <= 140 else lacks[:137].rsplit(" ", 1)[0] + " ..."
            print(f"   not certified {student}: {cut}")


def _insights(results: Path) -> None:
    """Step 8: the class report, and the mistakes the class made most often."""
    from autograder._insights_html import write_report
    from autograder.insights import class_insights

    insights = class_insights([results])
    report = write_report(insights, results / "insights.html")
    print(f"\n8. Class insights (`faircourse insights`): {report}")
    for module in insights.modules:
        print(f"   {len(module.students)} learner(s) of {module.module}; most frequent mistakes:")
        for m in module.misconceptions[:3]:
            message = m.message if len(m.message) <= 70 else m.message[:67] + "..."
            print(f"   {m.qid:>4} {m.learners}/{m.of} learner(s): {message}")


if __name__ == "__main__":
    sys.exit(main())
