"""A throwaway JupyterHub on loopback: real Unix learners, a learner environment, the exchange.

Everything lives in one world-readable folder made for the run (learners' servers run as the
learners, so they cannot enter pytest's private temporary folder, nor a Python installed
under ``/root``): the hub, the learners' homes, nbgrader's exchange, and the learners'
environment. That environment is what a learner's server holds on a real hub
(``deploy/learner``): the course's third-party packages plus ``fairkit`` and ``faircheck``,
and no ``autograder``. It is assembled from this interpreter's installation with hard links
(about two seconds, no download): the base Python (when other users cannot run it where it
is), a virtual environment on it, every package of this environment except this repository's
editable install, Jupyter's data (the nbgrader extensions), and copies of the two packages.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEARNER_PACKAGES = ("fairkit", "faircheck")  # what deploy/learner packages
SETUP_SCRIPT = ROOT / "deploy" / "learner" / "setup-learner-env.sh"
TLJH_CONFIG = ROOT / "deploy" / "tljh" / "jupyterhub_config.d" / "fairml.py"
HUB_START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> str | None:
    """configurable-http-proxy: the project's npm install (``make hub-proxy``), else PATH."""
    local = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def _others_can_run(path: Path) -> bool:
    """Whether a user other than root can reach ``path`` (every folder above it o+x)."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if folder != path and not mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def _link_copy(sources: list[Path], dest: Path) -> None:
    """Copy with hard links (same file system), else a plain copy."""
    dest.mkdir(parents=True, exist_ok=True)
    if not sources:
        return
    names = [str(s) for s in sources]
    done = subprocess.run(["cp", "-al", *names, str(dest)], capture_output=True)
    if done.returncode != 0:
        subprocess.run(["cp", "-a", *names, str(dest)], check=True)


@dataclass(frozen=True)
class LearnerEnv:
    prefix: Path
    python: Path
    env: dict[str, str]  # LD_LIBRARY_PATH for a relocated base Python


def build_learner_env(work: Path, exchange: Path) -> LearnerEnv:
    base = Path(sys.base_prefix)
    python = Path(sys._base_executable if hasattr(sys, "_base_executable") else sys.executable)
    env: dict[str, str] = {}
    if not _others_can_run(python.resolve()):
        _link_copy([base], work)
        base = work / base.name
        python = base / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        env["LD_LIBRARY_PATH"] = str(base / "lib")
    prefix = work / "learner"
    run_env = {**os.environ, **env}
    subprocess.run(
        [str(python), "-m", "venv", "--without-pip", str(prefix)], check=True, env=run_env
    )
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    site = prefix / "lib" / version / "site-packages"
    ours = Path(sysconfig.get_paths()["purelib"])
    skip = ("__editable__", "fair_ml_certificate", "autograder", *LEARNER_PACKAGES)
    _link_copy([p for p in ours.iterdir() if not p.name.startswith(skip)], site)
    _link_copy([Path(sys.prefix) / "share" / "jupyter"], prefix / "share")
    # Copied, not linked: the set-up script below writes there (extensions switched off).
    shutil.copytree(Path(sys.prefix) / "etc" / "jupyter", prefix / "etc" / "jupyter")
    _scripts(prefix)
    # What a deployment runs (deploy/learner): the learner's distribution, the learner-only
    # nbgrader extensions, the learners' nbgrader_config.py. Its dependencies are all here.
    subprocess.run(
        [str(SETUP_SCRIPT), str(prefix / "bin" / "python"), str(exchange)],
        check=True,
        capture_output=True,
        env={**os.environ, **env, "PIP_NO_DEPS": "1", "PYTHONPATH": ""},
    )
    return LearnerEnv(prefix, prefix / "bin" / "python", env)


def _scripts(prefix: Path) -> None:
    """This environment's console scripts, for the learner environment's Python."""
    ours = Path(sys.executable).parent
    shebang = f"#!{ours / 'python'}".encode()
    for script in ours.iterdir():
        target = prefix / "bin" / script.name
        if target.exists() or not script.is_file():
            continue
        head = script.read_bytes()
        if head.startswith(shebang) and head[len(shebang) : len(shebang) + 1] in (b"\n", b"3"):
            body = head.split(b"\n", 1)[1]
            target.write_bytes(f"#!{prefix / 'bin' / 'python'}\n".encode() + body)
            target.chmod(0o755)


def add_user(name: str, home: Path) -> None:
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", name],
        check=True,
        capture_output=True,
    )


def remove_user(name: str) -> str:
    """Delete the user and their home; the error, if userdel failed (a process left)."""
    done = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
    return "" if done.returncode == 0 else f"userdel {name}: {done.stderr.strip()}"


@dataclass(frozen=True)
class Hub:
    url: str  # http://127.0.0.1:PORT
    password: str
    log: Path
    proc: subprocess.Popen

    def tail(self, lines: int = 80) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def hub_config(work: Path, learners: list[str], learner: LearnerEnv, course: str, exchange: Path):
    """The hub's configuration, the learners' nbgrader configuration folder, the password."""
    password, api_token = secrets.token_urlsafe(12), secrets.token_hex(16)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    environment = {
        "PATH": f"{learner.prefix / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        **learner.env,
    }
    lines = [
        "c = get_config()  # noqa: F821",
        "c.JupyterHub.ip = '127.0.0.1'",
        f"c.JupyterHub.port = {port}",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {hub_port}",
        f"c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'",
        f"c.JupyterHub.db_url = 'sqlite:///{work / 'hub' / 'jupyterhub.sqlite'}'",
        f"c.JupyterHub.cookie_secret_file = '{work / 'hub' / 'cookie_secret'}'",
        "c.JupyterHub.authenticator_class = 'dummy'",
        f"c.DummyAuthenticator.password = {password!r}",
        f"c.Authenticator.allowed_users = {set(learners)!r}",
        "c.JupyterHub.spawner_class = 'localprocess'",
        f"c.Spawner.cmd = [{str(learner.python)!r}, '-m', 'jupyterhub.singleuser']",
        # What a TLJH deployment adds (deploy/tljh): the server token's scopes, JupyterLab.
        f"load_subconfig({str(TLJH_CONFIG)!r})  # noqa: F821",
        f"c.Spawner.environment = {environment!r}",
        "c.Spawner.env_keep = ['LANG', 'LC_ALL']  # not PYTHONPATH: no path to the grader",
        "c.Spawner.start_timeout = 90",
        "c.Spawner.http_timeout = 90",
        # The instructor's token for enrolling learners (groups) while the hub runs.
        f"c.JupyterHub.services = [{{'name': 'faircourse', 'api_token': {api_token!r}}}]",
        "c.JupyterHub.load_roles = [{'name': 'enrol', 'scopes': ['admin:groups', 'groups'],"
        " 'services': ['faircourse']}]",
    ]
    path = work / "hub" / "jupyterhub_config.py"
    path.parent.mkdir()
    path.write_text("\n".join(lines) + "\n")
    return path, password, port, environment, api_token


def enrol(hub_url: str, token: str, course: str, learners: list[str]) -> None:
    """Create the hub group nbgrader-<course> and add the learners, on the running hub."""
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    group = f"{hub_url}/hub/api/groups/nbgrader-{course}"
    calls = [(group, "POST", None), (f"{group}/users", "POST", {"users": learners})]
    for url, method, body in calls:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201), (url, response.status)


def start_hub(config: Path, password: str, port: int) -> Hub:
    log = config.parent / "hub.log"
    command = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=config.parent, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    hub = Hub(f"http://127.0.0.1:{port}", password, log, proc)
    deadline = time.monotonic() + HUB_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited ({proc.returncode}):\n{hub.tail()}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{hub.url}/hub/api", timeout=2) as response:
                if response.status == 200:
                    return hub
        time.sleep(0.3)  # polling the hub's API until it answers
    stop(proc)
    raise RuntimeError(f"JupyterHub did not answer in {HUB_START_TIMEOUT}s:\n{hub.tail()}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)
