"""Tests of autograder.cgroups: per-sandbox CPU, memory and task limits, kill and cleanup.

The tests with real cgroups wrap plain ``python -c`` commands (no bubblewrap) and need root
on a machine with cgroup v1 or v2 controllers cpu, memory and pids; elsewhere they skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import cgroups
from autograder.cgroups import CgroupLimits, CgroupStats, SandboxCgroup, cgroup_support

SUPPORTED, REASON = cgroup_support()
needs_cgroups = pytest.mark.skipif(
    not SUPPORTED, reason=f"per-sandbox cgroups cannot be made here (run as root?): {REASON}"
)
TICK = os.sysconf("SC_CLK_TCK")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not reaped, does not count)."""
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def start(group: SandboxCgroup, code: str) -> subprocess.Popen:
    argv = group.wrap([sys.executable, "-c", code])
    assert argv[-3:] == [sys.executable, "-c", code] and argv != [sys.executable, "-c", code]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, start_new_session=True)


BUSY = """
import time
wall, cpu = time.monotonic(), time.process_time()
while time.monotonic() - wall < 1.5:
    pass
print((time.process_time() - cpu) / (time.monotonic() - wall))
"""
SETSID_BUSY = """
import os, time
pids = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        os.setsid()  # leaves the process group: killpg no longer reaches it
        while True:
            pass
    pids.append(pid)
print(*pids, flush=True)
time.sleep(60)
"""
HOGS = """
import os, time
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")  # the OOM killer takes a child, not the parent that reports
        block = b"x" * (150 << 20)  # 150 MiB, every page touched
        time.sleep(1.0)
        os._exit(0)
    children.append(pid)
print(*[os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children], flush=True)
"""
FORKS = """
import os, time
forks = 0
while True:
    try:
        pid = os.fork()
    except BlockingIOError:
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    forks += 1
print(forks, flush=True)
time.sleep(30)
"""
FORK_BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""


@needs_cgroups
def test_cpu_quota_gives_half_a_core():
    with SandboxCgroup(limits=CgroupLimits(cpus=0.5)) as group:
        proc = start(group, BUSY)
        share = float(proc.communicate(timeout=10)[0])
        assert proc.returncode == 0
        assert 0.3 < share < 0.7
        used = group.stats().cpu_seconds
        assert used is None or 0.5 < used < 1.3


@needs_cgroups
def test_setsid_processes_share_the_quota_and_die_with_kill():
    with SandboxCgroup(limits=CgroupLimits(cpus=0.5)) as group:
        proc = start(group, SETSID_BUSY)
        pids = [int(pid) for pid in proc.stdout.readline().split()]
        assert len(pids) == 3 and group.pids() >= {proc.pid, *pids}
        before, wall = sum(cpu_seconds(pid) for pid in pids), time.monotonic()
        time.sleep(1.0)
        share = (sum(cpu_seconds(pid) for pid in pids) - before) / (time.monotonic() - wall)
        assert share < 0.7  # three busy processes, on any number of cores
        os.killpg(proc.pid, signal.SIGKILL)  # what the sandbox did alone
        proc.wait(timeout=5)
        assert all(alive(pid) for pid in pids)  # escaped the process group
        assert group.kill()
        assert not any(alive(pid) for pid in pids)
        assert group.pids() == set()
        proc.stdout.close()


@needs_cgroups
def test_memory_limit_covers_all_processes_together():
    limits = CgroupLimits(memory_bytes=300 << 20)
    with SandboxCgroup(limits=limits) as group:
        proc = start(group, HOGS)
        codes = [int(code) for code in proc.communicate(timeout=20)[0].split()]
        assert proc.returncode == 0 and len(codes) == 4
        assert -signal.SIGKILL in codes  # each alone is under the limit, not all four
        stats = group.stats()
        assert stats.memory_limit_hit
        assert stats.oom_kills == codes.count(-signal.SIGKILL)
        assert stats.memory_peak_bytes is None or stats.memory_peak_bytes <= limits.memory_bytes
        assert cgroups.MEMORY_NOTICE.format(mib=limits.memory_bytes / 2**20).startswith("the")


@needs_cgroups
def test_task_limit_stops_a_fork_loop_and_kill_ends_a_fork_bomb():
    with SandboxCgroup(limits=CgroupLimits(max_tasks=20)) as group:
        proc = start(group, FORKS)
        assert int(proc.stdout.readline()) == 20 - 1  # the parent is one of the 20
        assert group.stats().tasks_limit_hit
        assert subprocess.run(["true"], check=False).returncode == 0  # the host still forks
        assert group.kill() and group.pids() == set()
        proc.wait(timeout=5)
        proc.stdout.close()
    with SandboxCgroup(limits=CgroupLimits(cpus=0.5, max_tasks=50)) as group:
        proc = start(group, FORK_BOMB)
        deadline = time.monotonic() + 5
        while len(group.pids()) < 50 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(group.pids()) == 50
        assert group.kill() and group.pids() == set()
        proc.wait(timeout=5)
        proc.stdout.close()


@needs_cgroups
def test_close_kills_the_rest_and_removes_the_group(request):
    group = SandboxCgroup()
    request.addfinalizer(group.close)
    directories = set(group._dirs.values())
    assert group.available and all(path.is_dir() for path in directories)
    proc = start(
        group,
        "import subprocess; "
        "print(subprocess.Popen(['sleep', '30'], stdout=subprocess.DEVNULL).pid)",
    )
    orphan = int(proc.communicate(timeout=10)[0])
    assert alive(orphan)
    assert group.close() == []
    assert not alive(orphan)
    assert not any(path.exists() for path in directories)
    assert not group.available and group.wrap(["true"]) == ["true"]
    assert group.stats().memory_peak_bytes is None or group.stats().memory_peak_bytes > 0
    assert group.close() == []  # again: nothing to do


@needs_cgroups
def test_groups_made_at_once_by_several_processes():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from autograder.cgroups import SandboxCgroup\n"
        "with SandboxCgroup() as g:\n"
        "    print(g.available, g.reason, g.name)"
    )
    root = str(Path(__file__).resolve().parents[2])
    procs = [
        subprocess.Popen([sys.executable, "-c", code, root], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    lines = [proc.communicate(timeout=20)[0].split() for proc in procs]
    assert all(line[0] == "True" for line in lines), lines
    assert len({line[-1] for line in lines}) == 6


@pytest.fixture
def fake_root(tmp_path, monkeypatch):
    """Point the module at fake mount tables; the real support check is restored afterwards."""
    monkeypatch.delenv(cgroups.PARENT_ENV, raising=False)
    cgroup_support.cache_clear()

    def use(mountinfo: str, own: str = "0::/\n") -> None:
        (tmp_path / "mountinfo").write_text(mountinfo)
        (tmp_path / "cgroup").write_text(own)
        monkeypatch.setattr(cgroups, "MOUNTINFO", tmp_path / "mountinfo")
        monkeypatch.setattr(cgroups, "SELF_CGROUP", tmp_path / "cgroup")
        cgroup_support.cache_clear()

    yield use
    cgroup_support.cache_clear()


def assert_unavailable(reason_part: str) -> None:
    supported, reason = cgroup_support()
    assert not supported and reason_part in reason, reason
    group = SandboxCgroup()
    assert not group.available and reason_part in group.reason
    assert group.wrap(["echo", "a b"]) == ["echo", "a b"]
    assert group.kill() and group.pids() == set() and group.stats() == CgroupStats()
    assert group.close() == []


def test_no_cgroup_mounts(fake_root, monkeypatch):
    fake_root("22 1 0:21 / /proc rw - proc proc rw\n")
    assert_unavailable("need controllers ['cpu', 'memory', 'pids']")
    monkeypatch.setattr(cgroups, "MOUNTINFO", Path("/nonexistent/mountinfo"))
    cgroup_support.cache_clear()
    assert_unavailable("cannot read the cgroup mounts")


def test_fake_v1_root_is_no_cgroup_file_system(fake_root, tmp_path):
    controllers = ["cpu", "memory", "pids"]
    lines = [
        f"3{i} 1 0:3{i} / {tmp_path}/{c} rw - cgroup cgroup rw,{c}"
        for i, c in enumerate(controllers)
    ]
    fake_root("\n".join(lines), "4:memory:/grader\n1:cpu:/\n8:pids:/\n")
    for name in ("cpu", "memory/grader", "pids"):
        (tmp_path / name).mkdir(parents=True)
    assert_unavailable("cannot write 100000 to ")  # mkdir works in a plain directory, no files
    assert [p.name for p in (tmp_path / "memory/grader/faircourse").iterdir()] == []


def test_unwritable_root(fake_root):
    fake_root("32 31 0:29 / /proc/self/fake rw - cgroup cgroup rw,cpu,memory,pids\n")
    assert_unavailable("cannot create the cgroup /proc/self/fake/faircourse")


def test_v2_without_the_controllers(fake_root, tmp_path):
    fake_root(f"29 23 0:26 / {tmp_path} rw shared:4 - cgroup2 cgroup2 rw,nsdelegate\n")
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io\n")
    assert_unavailable("cgroup v2 (" + str(tmp_path) + ") offers ['cpuset', 'cpu', 'io']")


def test_v2_enables_the_controllers_next_to_the_graders_cgroup(fake_root, tmp_path, monkeypatch):
    fake_root(f"29 23 0:26 / {tmp_path} rw - cgroup2 cgroup2 rw\n", "0::/grader.slice/job\n")
    base = tmp_path / "grader.slice"
    base.mkdir()
    (base / "cgroup.controllers").write_text("cpu memory pids\n")
    (base / "cgroup.subtree_control").write_text("")
    assert_unavailable(f"cannot enable +cpu +memory +pids in {base / 'faircourse'}")
    assert (base / "cgroup.subtree_control").read_text() == "+cpu +memory +pids"
    monkeypatch.setenv(cgroups.PARENT_ENV, "/grader.slice/sandboxes")
    cgroup_support.cache_clear()
    assert_unavailable(f"cannot enable +cpu +memory +pids in {base / 'sandboxes'}")


@pytest.mark.skipif(os.geteuid() != 0 or not SUPPORTED, reason="needs root to switch to nobody")
def test_not_root_is_unavailable():
    code = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('cgroups', sys.argv[1])\n"
        "module = sys.modules['cgroups'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(*module.cgroup_support(), sep='\\n')"
    )
    python = shutil.which("python3", path="/usr/bin:/bin")  # the venv's may be under /root
    if python is None:
        pytest.skip("no system python3 that user nobody can run")
    run = subprocess.run(
        [python, "-c", code, cgroups.__file__], capture_output=True, text=True, user=65534
    )
    assert run.stdout.startswith("False\ncannot create the cgroup /"), run
    assert run.stdout.rstrip().endswith(": Permission denied"), run


def test_join_script_keeps_the_pid_and_quotes_paths(tmp_path):
    files = [tmp_path / "a b" / "cgroup.procs", tmp_path / "c'd" / "cgroup.procs"]
    for file in files:
        file.parent.mkdir()
        file.write_text("")
    argv = [cgroups.SHELL, "-c", cgroups._JOIN, "join", "2", *map(str, files)]
    run = subprocess.run([*argv, "sh", "-c", "echo $$"], capture_output=True, text=True)
    assert [file.read_text() for file in files] == [run.stdout] * 2
    missing = [cgroups.SHELL, "-c", cgroups._JOIN, "join", "1", str(tmp_path / "no" / "x")]
    run = subprocess.run([*missing, "echo", "ran"], capture_output=True, text=True)
    assert run.returncode == cgroups.JOIN_FAILED and run.stdout == ""


V1_MOUNTINFO = """\
24 1 0:22 / / rw,relatime - ext4 /dev/vda rw
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/my\\040pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
V2_MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
"""  # noqa: E501


def test_parse_v1_mountinfo():
    v1, v2 = cgroups.parse_mounts(V1_MOUNTINFO)
    assert v1 == {
        "cpu": ("/sys/fs/cgroup/cpu,cpuacct", "/"),
        "cpuacct": ("/sys/fs/cgroup/cpu,cpuacct", "/"),
        "memory": ("/sys/fs/cgroup/memory", "/docker/abc"),
        "pids": ("/sys/fs/cgroup/my pids", "/"),
    }
    assert v2 == ("/sys/fs/cgroup/unified", "/")


def test_parse_v2_mountinfo():
    assert cgroups.parse_mounts(V2_MOUNTINFO) == ({}, ("/sys/fs/cgroup", "/"))
    assert cgroups.parse_mounts("") == ({}, None)


def test_v1_parents_below_the_graders_own_cgroups(fake_root):
    own = "9:name=systemd:/\n8:pids:/\n4:memory:/docker/abc/grader\n1:cpu,cpuacct:/jobs\n0::/\n"
    fake_root(V1_MOUNTINFO, own)  # cgroup2 there has no controllers: v1 is used
    version, parents, enable = cgroups._plan()
    assert version == 1 and enable == []
    assert {c: str(p) for c, p in parents.items()} == {
        "cpu": "/sys/fs/cgroup/cpu,cpuacct/jobs/faircourse",
        "cpuacct": "/sys/fs/cgroup/cpu,cpuacct/jobs/faircourse",
        "memory": "/sys/fs/cgroup/memory/grader/faircourse",
        "pids": "/sys/fs/cgroup/my pids/faircourse",
    }
