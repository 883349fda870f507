"""Exam day: N students log in, start the same 25-question timed exam at once, open every
question, autosave every answer (some twice, some out of order) and submit, against a gunicorn
started here with the same command line as ``make serve``; on SQLite, then on PostgreSQL.

    make bench                       # or: .venv/bin/python -m bench.exam_day
    BENCH_STUDENTS=5 make bench      # a quick check that it works

Knobs (environment):
    BENCH_STUDENTS=100               simulated students: one thread, keep-alive connection and cookie jar each
    BENCH_DATABASES=sqlite,postgresql
    BENCH_WORKERS / BENCH_THREADS    gunicorn --workers / --threads (default: the best measured on 2 cores)
    BENCH_PG=postgresql://postgres@127.0.0.1:5432   server for the PostgreSQL pass
    BENCH_PG_DB=quizlab_bench        the bench's own database, dropped and re-created for each run
    BENCH_SEED=1                     which answers are saved twice or out of order
    BENCH_PACE=5 BENCH_PACED_SECONDS=20   the paced autosave phase: every student saves once every
                                     BENCH_PACE seconds for BENCH_PACED_SECONDS (100 students: 20 saves/s)
    BENCH_SKIP="question page,save (paced)"   phases to leave out (any of them but login and start:
                                     question page, save, save (paced), submit, floor)
    BENCH_REDIS=redis://127.0.0.1:6379/15   serve with this REDIS_URL (cached sessions, shared limits), as
                                     production does; unset: the local-memory cache of a plain `make serve`
    BENCH_FAST_LOGIN=1               for tuning runs only: sessions are written straight into the database
                                     instead of 100 real logins (each costs ~0.5 s of CPU for the password hash)
    BENCH_SETTINGS=module            settings for the server and the checks, to measure a change before making it
                                     (e.g. a module on PYTHONPATH that imports quizsite.settings and swaps a view)
    BENCH_FLOOR=/healthz             the floor's URL (e.g. a minimal login_required view served by BENCH_SETTINGS)
    BENCH_NO_FAULTS=1                leave out the fault phases (they run between the paced autosave and submit)
    BENCH_KEEP=1                     keep the temp dir (SQLite file, gunicorn and access logs) for a look

Fault phases (between the paced autosave and submit; BENCH_NO_FAULTS=1 leaves them out): every
student re-saves its 25 answers through a client that retries what was not acknowledged (as
attempt.js's queue does) while one thing breaks a third of the way into the burst: a gunicorn worker
gets SIGKILL; PostgreSQL's backends of the bench database are terminated (pg_terminate_backend; n/a on
SQLite, which has no server connections); every first try hangs up before reading its reply; the whole
server is stopped and started again. Each prints acknowledged saves, lost answers (acknowledged but not
in the database afterwards) and students finished (all saves acknowledged); any loss fails the run.

Each phase starts for every student at the same moment (a barrier) and ends when the last student is
done, so each endpoint is measured under its own burst: a closed loop without think time, which
measures capacity; its latencies are mostly queueing (Little's law: mean latency = students / req/s).
The paced autosave phase then measures the latency a student sees at a fixed, generous exam pace
(the page autosaves on each change, debounced while typing; 100 students answering 25 questions in
40 minutes average under 2 saves/s). The floor is /healthz (a minimal view doing a ``SELECT 1``,
through the same middleware) under the same load as the autosave phase: same students, same
connections, same number of requests. The "srv CPU" column is gunicorn's CPU (not PostgreSQL's) per
request of the phase, less sensitive to other jobs on the machine than req/s; the "autosave CPU
ratio" is the save phase's over the floor's (aim <= 2x). The login phase is a login storm: every
student presses "log in" at once; its line gives the time until all are in, each student's wait
(form and password check, queueing included) at p50/p95 and the server CPU per login. "Lost
answers" are saves the server acknowledged (HTTP 200, status "saved") whose answer is missing or
different in the database afterwards, read here through the ORM with the same DATABASE_URL.

Everything lives in a temp dir (data dir, SQLite file, logs) or the bench's own PostgreSQL database,
removed at the end, also on Ctrl-C; gunicorn is stopped however the run ends. collectstatic writes
the repository's staticfiles/ exactly as ``make serve`` does (needed with DEBUG off).
Exit status 1 if an acknowledged answer was lost, a request failed or a check did not hold.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
QUIZ_KEY = "bench-exam"
PASSWORD = "bench-Pa55word!"  # noqa: S105 - throwaway accounts in a throwaway database
# 25 questions drawn at random over every domain of the real bank (fixtures/questions/).
SLOTS = {
    "nlp": 4,
    "finetune": 3,
    "fundamentals": 3,
    "mlops": 4,
    "xai": 3,
    "paradigms": 3,
    "automl-rl": 3,
    "sequence": 2,
}
QUESTIONS = sum(SLOTS.values())
TWICE, OUT_OF_ORDER = 0.2, 0.2  # share of answers saved twice in order / as seq 2 then a late seq 1
# Measured on the 2-core box: 2 workers x 2 threads beat `make serve`'s 4 x 2 on autosave throughput (about +25%)
# and tail (p99 about half) on both databases: fewer concurrent writers for SQLite's lock, less CPU thrashing.
DEFAULT_WORKERS, DEFAULT_THREADS = 2, 2
ENDPOINTS = ["login form", "login", "start", "question page", "save", "save (paced)", "submit", "floor"]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# --- parent: one child process per database -------------------------------------------------


def main() -> int:
    databases = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d.strip()]
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    secret = secrets.token_urlsafe(50)
    failures = []
    summaries = []
    for db in databases:
        result = run_database(db, secret)
        summaries.append(result)
        if not result.get("ok"):
            failures.append(db)
    if len(summaries) > 1:
        print("\n== exam day summary ==")
        for r in summaries:
            if "save_p99_ms" in r:
                print(
                    f"{r['database']:<11} autosave {r['save_rps']:7.1f} req/s = {r['floor_fraction']:4.0%} of floor,"
                    f" p99 {r['save_p99_ms']:6.1f} ms (paced: {r['paced_p99_ms']:5.1f} ms),"
                    f" lost answers: {r['lost']}, errors: {r['errors']}"
                )
                print(
                    f"{'':<11} autosave CPU {r['save_cpu_ms']:.1f} ms/req, floor {r['floor_cpu_ms']:.1f} ms/req:"
                    f" ratio {r['cpu_ratio']:.2f}x at {r['students']} students (aim <= 2x)"
                )
                if r.get("login_storm"):
                    storm = r["login_storm"]
                    print(
                        f"{'':<11} login storm: all {storm['n']} in after {storm['all_s']:.1f} s,"
                        f" wait p50 {storm['p50_s']:.1f} s / p95 {storm['p95_s']:.1f} s, {storm['cpu_ms']:.0f} ms CPU per login"
                    )
                print(f"{'':<11} under faults: lost answers {r.get('fault_lost', 0)}, {r.get('fault_finished', '-')}")
            else:
                print(f"{r['database']:<11} did not finish")
    return 1 if failures else 0


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def run_database(db: str, secret: str) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"quizlab-bench-{db}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("BENCH_SETTINGS", "quizsite.settings"),
        "DEBUG": "0",
        "HTTPS": "0",  # plain HTTP on the loopback, like `HTTPS=0 make serve`
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "QUIZLAB_DATA_DIR": str(tmp),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("REDIS_URL", None)  # same cache as a plain `make serve`: the local-memory one, unless BENCH_REDIS
    if os.environ.get("BENCH_REDIS"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS"]
    pg_admin = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
    pg_db = os.environ.get("BENCH_PG_DB", "quizlab_bench")
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'quizlab.sqlite3'}"
    elif db in ("postgresql", "postgres"):
        env["DATABASE_URL"] = f"{pg_admin}/{pg_db}"
        recreate_pg(pg_admin, pg_db)
    else:
        raise SystemExit(f"unknown database {db!r}: use sqlite or postgresql")
    out = tmp / "result.json"
    proc = subprocess.Popen([sys.executable, "-m", "bench.exam_day", "--child", db, str(out)], cwd=BASE_DIR, env=env)
    try:
        try:
            proc.wait()
        except KeyboardInterrupt:
            with contextlib.suppress(subprocess.TimeoutExpired, KeyboardInterrupt):
                proc.wait(30)  # the child got the Ctrl-C too and stops its gunicorn
            raise
        return json.loads(out.read_text()) if out.exists() else {"database": db, "ok": False}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        kill_leftover_gunicorn(tmp / "gunicorn.pid")
        if db != "sqlite":
            with contextlib.suppress(Exception):
                drop_pg(pg_admin, pg_db)
        if os.environ.get("BENCH_KEEP"):
            print(f"(kept {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _pg_admin_connection(admin_url: str):
    import psycopg

    return psycopg.connect(f"{admin_url}/postgres", autocommit=True)


def recreate_pg(admin_url: str, name: str) -> None:
    with _pg_admin_connection(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_pg(admin_url: str, name: str) -> None:
    with _pg_admin_connection(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kill_leftover_gunicorn(pidfile: Path) -> None:
    """If the child died without stopping its gunicorn, end that process group (only it)."""
    try:
        pid = int(pidfile.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"gunicorn" in cmdline:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


# --- child: set up, serve, load, verify -----------------------------------------------------


def child(db: str, out: Path) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    import django

    django.setup()
    students_n = env_int("BENCH_STUDENTS", 100)
    workers, threads = env_int("BENCH_WORKERS", DEFAULT_WORKERS), env_int("BENCH_THREADS", DEFAULT_THREADS)
    data_dir = Path(os.environ["QUIZLAB_DATA_DIR"])
    t0 = time.perf_counter()
    prepare(students_n)
    print(f"[{db}] data ready in {time.perf_counter() - t0:.1f} s; starting gunicorn", flush=True)
    server = Gunicorn(data_dir, workers, threads)
    try:
        server.start()
        run = Run(server.port, students_n, server)
        run.exam()
    finally:
        server.stop()
    report = verify(run)
    summary = print_table(db, run, report, workers, threads)
    out.write_text(json.dumps(summary))
    return 0 if summary["ok"] else 1


def prepare(students_n: int) -> None:
    """Schema, the real bank, roles (as `make serve`), then the exam and its students."""
    import io

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from apps.questions.models import Quiz, QuizSlot, Topic

    quiet = io.StringIO()
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_bank", stdout=quiet)
    call_command("setup_roles", stdout=quiet)
    quiz = Quiz.objects.create(
        key=QUIZ_KEY, title_ko="벤치마크 시험", title_en="Benchmark exam", mode=Quiz.Mode.EXAM,
        time_limit_minutes=60, when_time_expires=Quiz.Expiry.AUTOSUBMIT, shuffle_questions=True,
        shuffle_choices=True, attempts_allowed=1,
    )  # fmt: skip
    for position, (slug, count) in enumerate(SLOTS.items()):
        QuizSlot.objects.create(quiz=quiz, position=position, topic=Topic.objects.get(slug=slug), count=count)
    hashed = make_password(PASSWORD)  # once: real logins still pay the full hash on the server
    User = get_user_model()
    User.objects.bulk_create(User(username=student_name(i), password=hashed) for i in range(students_n))
    connections.close_all()


def student_name(i: int) -> str:
    return f"bench{i:04d}"


class Gunicorn:
    """`make serve`'s gunicorn, in its own process group so that it is always stopped as a whole."""

    def __init__(self, data_dir: Path, workers: int, threads: int):
        self.data_dir, self.workers, self.threads = data_dir, workers, threads
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            str(VENV_BIN / "gunicorn"), "quizsite.wsgi", "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads),
            "--access-logfile", str(self.data_dir / "access.log"), "--pid", str(self.data_dir / "gunicorn.pid"),
        ]  # fmt: skip

    def start(self) -> None:
        log = open(self.data_dir / "gunicorn.log", "wb")  # noqa: SIM115 - kept for the process's life
        self.proc = subprocess.Popen(
            self.command(), cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    if len(self.worker_pids()) >= self.workers:
                        return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return (self.data_dir / "gunicorn.log").read_text(errors="replace")[-3000:]

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [self.proc.pid, *self.worker_pids()] if self.proc else []:
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- the simulated students -----------------------------------------------------------------


@dataclass
class Sample:
    endpoint: str
    ok: bool
    seconds: float


@dataclass
class Phase:
    name: str
    wall: float
    client_cpu: float
    server_cpu: float


class Student:
    """One browser: one keep-alive connection, one cookie jar."""

    def __init__(self, run: Run, index: int):
        self.run, self.index = run, index
        self.username = student_name(index)
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.attempt_id: int | None = None
        self.plan: list[tuple[int, int, object, str]] = []  # (position, seq, answer, expected status)
        self.acked: dict[int, tuple[int, object]] = {}  # position -> (highest seq acknowledged "saved", answer)
        self.fault_conn: http.client.HTTPConnection | None = None  # the fault phases' own, retrying client

    def request(self, endpoint: str, method: str, path: str, *, body: bytes | None = None, headers=None, expect=200):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        response = data = None
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.run.port, timeout=300)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                # The server closed an idle keep-alive connection (gunicorn's --keep-alive): reconnect,
                # as a browser does. The request never reached a worker, so sending it again is safe.
                self.conn.close()
                self.conn = None
                self.run.reconnects += 1
                if attempt == 2:
                    self.run.fail(endpoint, started, f"{method} {path}: {exc!r}")
                    return None, None
            except OSError as exc:
                self.conn.close()
                self.conn = None
                self.run.fail(endpoint, started, f"{method} {path}: {exc!r}")
                return None, None
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        ok = response.status == expect
        self.run.samples.append(Sample(endpoint, ok, elapsed))
        if not ok:
            self.run.note_error(f"{endpoint}: {method} {path} -> {response.status} (expected {expect}) {data[:200]!r}")
        return response, data

    def csrf_headers(self, content_type: str) -> dict:
        return {"X-CSRFToken": self.cookies.get("csrftoken", ""), "Content-Type": content_type}

    # phases

    def log_in(self) -> None:
        started = time.perf_counter()
        self.request("login form", "GET", "/accounts/login/")
        body = urlencode(
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        ).encode()
        self.request("login", "POST", "/accounts/login/", body=body,
                     headers=self.csrf_headers("application/x-www-form-urlencoded"), expect=302)  # fmt: skip
        self.run.login_waits.append(time.perf_counter() - started)

    def start(self) -> None:
        response, _ = self.request(
            "start", "POST", f"/quizzes/{QUIZ_KEY}/start/", body=b"",
            headers=self.csrf_headers("application/x-www-form-urlencoded"), expect=302,
        )  # fmt: skip
        match = re.search(r"/attempts/(\d+)/", response.getheader("Location", "")) if response else None
        if match:
            self.attempt_id = int(match.group(1))
        elif response is not None:
            self.run.note_error(f"start: no attempt in Location {response.getheader('Location')!r}")

    def open_navigator(self) -> None:
        for position in range(1, QUESTIONS + 1):
            self.request("question page", "GET", f"/attempts/{self.attempt_id}/{position}/")

    def save_all(self) -> None:
        for position, seq, answer, expected in self.plan:
            payload = json.dumps({"answer": answer, "seq": seq}).encode()
            headers = {**self.csrf_headers("application/json"), "Accept": "application/json"}
            response, data = self.request("save", "POST", f"/attempts/{self.attempt_id}/{position}/save/",
                                          body=payload, headers=headers)  # fmt: skip
            if response is None or response.status != 200:
                continue
            status = json.loads(data)["status"]
            if status == "saved" and seq > self.acked.get(position, (0, None))[0]:
                self.acked[position] = (seq, answer)
            if status == expected == "stale":
                self.run.stale_ok += 1
            if status != expected:
                self.run.unexpected_status += 1
                self.run.note_error(f"save {self.attempt_id}/{position} seq {seq}: {status}, expected {expected}")

    def save_paced(self) -> None:
        """One save every BENCH_PACE seconds, the first at a random moment within the first interval."""
        every, count = self.run.pace, self.run.paced_count
        rng = random.Random(self.index)
        begin = time.perf_counter() + rng.uniform(0, every)
        headers = {**self.csrf_headers("application/json"), "Accept": "application/json"}
        for k in range(count):
            time.sleep(max(0.0, begin + k * every - time.perf_counter()))
            position = (self.index + k) % QUESTIONS + 1
            answer, seq = right_answer(self.run.snapshots[self.attempt_id, position], self.attempt_id), 100 + k
            response, data = self.request("save (paced)", "POST", f"/attempts/{self.attempt_id}/{position}/save/",
                                          body=json.dumps({"answer": answer, "seq": seq}).encode(), headers=headers)  # fmt: skip
            if response is not None and response.status == 200:
                if json.loads(data)["status"] == "saved":
                    self.acked[position] = (seq, answer)
                else:
                    self.run.unexpected_status += 1

    def submit(self) -> None:
        self.request("submit", "POST", f"/attempts/{self.attempt_id}/submit/", body=b"",
                     headers=self.csrf_headers("application/x-www-form-urlencoded"), expect=302)  # fmt: skip

    def floor(self) -> None:
        for _ in range(len(self.plan)):
            self.request("floor", "GET", self.run.floor_path)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class Run:
    def __init__(self, port: int, students_n: int, server: Gunicorn):
        self.port, self.server = port, server
        self.students = [Student(self, i) for i in range(students_n)]
        self.samples: list[Sample] = []
        self.phases: dict[str, Phase] = {}
        self.errors: list[str] = []
        self.reconnects = 0
        self.unexpected_status = 0
        self.stale_ok = 0
        self.fault_results: list[FaultResult] = []
        self.fault_retries = 0
        self.login_waits: list[float] = []  # each student's time from the storm's start to logged in
        self.rng = random.Random(env_int("BENCH_SEED", 1))
        self.snapshots: dict[tuple[int, int], dict] = {}
        self.floor_path = os.environ.get("BENCH_FLOOR") or "/healthz"
        self.skip = {p.strip() for p in os.environ.get("BENCH_SKIP", "").split(",")} - {"login", "start"}
        self.pace = float(os.environ.get("BENCH_PACE") or 5)
        self.paced_count = max(1, round(float(os.environ.get("BENCH_PACED_SECONDS") or 20) / self.pace))

    def note_error(self, message: str) -> None:
        self.errors.append(message)

    def fail(self, endpoint: str, started: float, message: str) -> None:
        self.samples.append(Sample(endpoint, False, time.perf_counter() - started))
        self.note_error(message)

    def phase(self, name: str, action) -> None:
        """Every student does ``action`` at once; the phase ends when the last one is done."""
        if name in self.skip:
            return
        gate = threading.Barrier(len(self.students) + 1)

        def body(student: Student) -> None:
            gate.wait()
            try:
                action(student)
            except Exception as exc:  # a bench bug or an unreadable reply: count it, keep going
                self.note_error(f"{name}: student {student.index}: {exc!r}")

        threads = [threading.Thread(target=body, args=(s,), daemon=True) for s in self.students]
        for t in threads:
            t.start()
        server_cpu, client_cpu = self.server.cpu_seconds(), time.process_time()
        gate.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        self.phases[name] = Phase(name, wall, time.process_time() - client_cpu, self.server.cpu_seconds() - server_cpu)
        print(f"  {name:<15} {wall:6.2f} s", flush=True)

    def exam(self) -> None:
        self.warm_up()
        if os.environ.get("BENCH_FAST_LOGIN"):
            self.fake_logins()
        else:
            self.phase("login", Student.log_in)
        self.phase("start", Student.start)
        self.plan_saves()
        self.phase("question page", Student.open_navigator)
        self.phase("save", Student.save_all)
        self.phase("save (paced)", Student.save_paced)
        if not os.environ.get("BENCH_NO_FAULTS"):
            run_faults(self)
        self.phase("submit", Student.submit)
        self.phase("floor", Student.floor)
        for s in self.students:
            s.close()

    def warm_up(self) -> None:
        """Each worker thread loads its templates and URL resolvers once, as on a server that has been up."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        for _ in range(4 * self.server.workers * self.server.threads):
            for path in ("/healthz", "/accounts/login/"):
                conn.request("GET", path)
                conn.getresponse().read()
        conn.close()

    def fake_logins(self) -> None:
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from django.contrib.sessions.backends.db import SessionStore
        from django.db import connections
        from django.utils.crypto import get_random_string

        users = {u.username: u for u in get_user_model().objects.all()}
        for student in self.students:
            user = users[student.username]
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            student.cookies = {"sessionid": session.session_key, "csrftoken": get_random_string(32)}
        connections.close_all()

    def plan_saves(self) -> None:
        """From the snapshots the server drew: the right answer for every question, and for some a
        wrong one first (seq 1, then seq 2) or a wrong one arriving late (seq 2, then a stale seq 1)."""
        from django.db import connections

        from apps.questions.models import Response

        ids = [s.attempt_id for s in self.students if s.attempt_id]
        for attempt_id, position, snapshot in Response.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "position", "snapshot"
        ):
            self.snapshots[attempt_id, position] = snapshot
        connections.close_all()
        for student in self.students:
            if not student.attempt_id:
                continue
            plan: list[tuple[int, int, object, str]] = []
            positions = list(range(1, QUESTIONS + 1))
            self.rng.shuffle(positions)  # students jump around the navigator
            late = []
            for position in positions:
                snapshot = self.snapshots[student.attempt_id, position]
                right = right_answer(snapshot, student.attempt_id)
                wrong = wrong_answer(snapshot, student.attempt_id)
                roll = self.rng.random()
                if roll < TWICE:
                    plan += [(position, 1, wrong, "saved"), (position, 2, right, "saved")]
                elif roll < TWICE + OUT_OF_ORDER:
                    plan.append((position, 2, right, "saved"))
                    late.append((len(plan), (position, 1, wrong, "stale")))
                else:
                    plan.append((position, 1, right, "saved"))
            # Each late seq 1 arrives somewhere after its seq 2 (a slow request, a flushed offline queue).
            for after, op in reversed(late):
                plan.insert(self.rng.randint(after, len(plan)), op)
            student.plan = plan


def right_answer(snapshot: dict, attempt_id: int):
    from tests.questions.factories import right_answer as right

    return right(snapshot, attempt_id)


def wrong_answer(snapshot: dict, attempt_id: int):
    """A valid answer that differs from the right one, for the saves that must not win."""
    from tests.questions.factories import wrong_answer as wrong

    return wrong(snapshot, attempt_id)


# --- faults: each a save burst with something broken in the middle of it -------------------
#
# Every student re-saves all its questions (right answers, new seqs) through a client that retries
# what was not acknowledged, as attempt.js's queue does (network error, 5xx: back off, send again).
# A reply of "stale" carrying the very seq that was sent also acknowledges it: an earlier try of the
# same save was stored and its reply was lost. After the phase every acknowledged save must be in the
# database, and every student must have had all its saves acknowledged.

FAULT_DEADLINE = 120  # seconds a student keeps retrying one save before giving up (not finished)


@dataclass
class FaultResult:
    name: str
    database: str
    wall: float = 0.0
    acked: int = 0
    lost: int = 0
    finished: int = 0
    retries: int = 0
    note: str = ""


def fault_save(run: Run, student: Student, position: int, seq: int, answer, *, drop_first: bool) -> bool:
    """Send one save until it is acknowledged; True if it was."""
    payload = json.dumps({"answer": answer, "seq": seq}).encode()
    headers = {
        **student.csrf_headers("application/json"),
        "Accept": "application/json",
        "Cookie": "; ".join(f"{k}={v}" for k, v in student.cookies.items()),
    }
    path = f"/attempts/{student.attempt_id}/{position}/save/"
    if drop_first:  # the client gives up on the reply: send, then hang up without reading it
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection(HOST, run.port, timeout=30)
            conn.request("POST", path, body=payload, headers=headers)
            conn.close()
        run.fault_retries += 1
    deadline = time.monotonic() + FAULT_DEADLINE
    tries = 0
    while time.monotonic() < deadline:
        if student.fault_conn is None:
            student.fault_conn = http.client.HTTPConnection(HOST, run.port, timeout=60)
        try:
            student.fault_conn.request("POST", path, body=payload, headers=headers)
            response = student.fault_conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            response = None
        if response is not None and response.status == 200:
            body = json.loads(data)
            if body["status"] == "saved" or body.get("seq") == seq:
                student.acked[position] = (seq, answer)
                return True
            run.note_error(f"fault save {student.attempt_id}/{position} seq {seq}: {body}")
            return False
        if response is not None and response.status < 500 and response.status != 429:
            run.note_error(
                f"fault save {student.attempt_id}/{position} seq {seq}: HTTP {response.status} {data[:200]!r}"
            )
            return False
        student.fault_conn.close()
        student.fault_conn = None
        tries += 1
        run.fault_retries += 1
        time.sleep(min(0.05 * 2**tries, 1.0))
    run.note_error(f"fault save {student.attempt_id}/{position} seq {seq}: not acknowledged in {FAULT_DEADLINE} s")
    return False


def kill_one_worker(run: Run) -> str:
    pids = run.server.worker_pids()
    os.kill(pids[0], signal.SIGKILL)
    return f"SIGKILL to worker {pids[0]} of {len(pids)}"


def restart_server(run: Run) -> str:
    started = time.perf_counter()
    run.server.stop()
    run.server.start()
    return f"down and back up in {time.perf_counter() - started:.1f} s"


def terminate_pg_connections(run: Run) -> str:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    killed = 0
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        for _ in range(5):  # several times, so that connections opened after the first round go too
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db["NAME"]],
            ).fetchall()
            killed += sum(1 for (done,) in rows if done)
            time.sleep(0.1)
    return f"{killed} backends terminated in 5 rounds"


def run_faults(run: Run) -> None:
    from django.db import connection

    vendor = connection.vendor
    phases = [
        ("worker SIGKILL", kill_one_worker, False),
        ("db connections cut", terminate_pg_connections if vendor == "postgresql" else None, False),
        ("client hangs up", None, True),
        ("server restart", restart_server, False),
    ]
    for index, (name, inject, drop_first) in enumerate(phases):
        result = FaultResult(name, vendor)
        run.fault_results.append(result)
        if name == "db connections cut" and inject is None:
            result.note = "n/a: SQLite has no server connections (each request opens the file, CONN_MAX_AGE 0)"
            continue
        run_fault_phase(run, result, 1000 * (index + 1), inject, drop_first)
    for student in run.students:  # the exam goes on over fresh connections, as a browser's would
        for attr in ("conn", "fault_conn"):
            if getattr(student, attr) is not None:
                getattr(student, attr).close()
                setattr(student, attr, None)


def run_fault_phase(run: Run, result: FaultResult, base_seq: int, inject, drop_first: bool) -> None:
    ids = [s.attempt_id for s in run.students if s.attempt_id]
    total = len(ids) * QUESTIONS
    acked_now = [0]
    lock = threading.Lock()
    finished = []

    def body(student: Student) -> None:
        gate.wait()
        ok = True
        for position in range(1, QUESTIONS + 1):
            answer = right_answer(run.snapshots[student.attempt_id, position], student.attempt_id)
            if fault_save(run, student, position, base_seq + position, answer, drop_first=drop_first):
                with lock:
                    acked_now[0] += 1
            else:
                ok = False
        if ok:
            with lock:
                finished.append(student.index)

    def injector() -> None:
        gate.wait()
        while acked_now[0] < total // 3 and any(t.is_alive() for t in threads):
            time.sleep(0.005)  # strike a third of the way into the burst
        try:
            result.note = inject(run)
        except Exception as exc:
            run.note_error(f"{result.name}: the fault itself failed: {exc!r}")

    students = [s for s in run.students if s.attempt_id]
    threads = [threading.Thread(target=body, args=(s,), daemon=True) for s in students]
    helpers = [threading.Thread(target=injector, daemon=True)] if inject else []
    gate = threading.Barrier(len(threads) + len(helpers) + 1)
    retries_before = run.fault_retries
    for t in threads + helpers:
        t.start()
    gate.wait()
    started = time.perf_counter()
    for t in threads + helpers:
        t.join()
    result.wall = time.perf_counter() - started
    result.retries = run.fault_retries - retries_before
    result.finished = len(finished)
    result.acked, result.lost = count_lost(run, base_seq)
    print(f"  fault: {result.name:<19} {result.wall:6.2f} s", flush=True)


def count_lost(run: Run, base_seq: int) -> tuple[int, int]:
    """Saves acknowledged in this phase (seq >= base_seq) and, of them, those not in the database."""
    from django.db import connections

    from apps.questions.models import Response

    ids = [s.attempt_id for s in run.students if s.attempt_id]
    stored = {
        (a, p): seq
        for a, p, seq in Response.objects.filter(attempt_id__in=ids).values_list("attempt_id", "position", "seq")
    }
    connections.close_all()
    acked = lost = 0
    for student in run.students:
        for position, (seq, _answer) in student.acked.items():
            if seq >= base_seq:
                acked += 1
                if stored.get((student.attempt_id, position), -1) < seq:
                    lost += 1
                    run.note_error(f"lost under fault: attempt {student.attempt_id} q{position} seq {seq}")
    return acked, lost


def print_faults(run: Run) -> bool:
    if not run.fault_results:
        return True
    print(
        f"\n{'fault phase':<20}{'acked saves':>12}{'lost answers':>14}{'students finished':>19}{'retries':>9}{'wall s':>8}  what"
    )
    ok = True
    for r in run.fault_results:
        if r.note.startswith("n/a"):
            print(f"{r.name:<20}{'n/a':>12}{'n/a':>14}{'n/a':>19}{'':>9}{'':>8}  {r.note}")
            continue
        print(
            f"{r.name:<20}{r.acked:>12}{r.lost:>14}{f'{r.finished}/{len(run.students)}':>19}{r.retries:>9}{r.wall:>8.1f}  {r.note}"
        )
        ok = ok and r.lost == 0 and r.finished == len(run.students)
    return ok


# --- verification and the table -------------------------------------------------------------


def verify(run: Run) -> dict:
    from django.db import connections

    from apps.questions.answers import clean_answer
    from apps.questions.models import Attempt, Response
    from apps.questions.tokens import attempt_tokens

    ids = [s.attempt_id for s in run.students if s.attempt_id]
    stored = {
        (a, p): (seq, answer)
        for a, p, seq, answer in Response.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "position", "seq", "answer"
        )
    }
    lost = acked = 0
    for student in run.students:
        for position, (seq, answer) in student.acked.items():
            acked += 1
            snapshot = run.snapshots[student.attempt_id, position]
            expected = clean_answer(snapshot, answer, attempt_tokens(student.attempt_id, snapshot).decode)
            db_seq, db_answer = stored.get((student.attempt_id, position), (None, None))
            if db_seq is None or db_seq < seq or (db_seq == seq and db_answer != expected):
                lost += 1
                run.note_error(
                    f"lost: attempt {student.attempt_id} q{position}: acked seq {seq} {expected!r}, db seq {db_seq} {db_answer!r}"
                )
    attempts = list(Attempt.objects.filter(pk__in=ids).values_list("state", "score", "max_score"))
    not_full = sum(1 for state, score, max_score in attempts if state != "finished" or score != max_score)
    connections.close_all()
    return {
        "acked": acked,
        "lost": lost,
        "attempts": len(attempts),
        "not_full": not_full,
        "missing_attempts": len(run.students) - len(ids),
    }


def login_storm(run: Run) -> dict | None:
    """Every student pressed "log in" at the same moment: how long until all were in, what each
    waited (form and password check, queueing included) and the server CPU each login cost."""
    phase = run.phases.get("login")
    if phase is None or not run.login_waits:
        return None
    waits = sorted(run.login_waits)
    return {
        "n": len(waits),
        "all_s": phase.wall,
        "p50_s": percentile(waits, 50),
        "p95_s": percentile(waits, 95),
        "cpu_ms": 1000 * phase.server_cpu / len(waits),
    }


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))  # nearest rank
    return sorted_values[rank]


def print_table(db: str, run: Run, report: dict, workers: int, threads: int) -> dict:
    by_endpoint: dict[str, list[Sample]] = {}
    for sample in run.samples:
        by_endpoint.setdefault(sample.endpoint, []).append(sample)
    phase_of = {"login form": "login"}
    print(
        f"\n== exam day on {db}: {len(run.students)} students x {QUESTIONS} questions, "
        f"gunicorn --workers {workers} --threads {threads}, {os.cpu_count()} CPUs =="
    )
    print(
        f"{'endpoint':<16}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'srv CPU ms/req':>16}"
    )
    stats: dict[str, dict] = {}
    total_n = total_errors = 0
    for endpoint in ENDPOINTS:
        samples = by_endpoint.get(endpoint, [])
        phase = run.phases.get(phase_of.get(endpoint, endpoint))
        if not samples or phase is None:
            continue
        lat = sorted(s.seconds * 1000 for s in samples)
        errors = sum(not s.ok for s in samples)
        in_phase = sum(len(by_endpoint.get(e, [])) for e in ENDPOINTS if phase_of.get(e, e) == phase.name)
        row = {
            "n": len(samples),
            "rps": len(samples) / phase.wall,
            "p50": percentile(lat, 50),
            "p95": percentile(lat, 95),
            "p99": percentile(lat, 99),
            "errors": errors,
            "cpu_ms": 1000 * phase.server_cpu / in_phase,
        }
        stats[endpoint] = row
        label = f"floor {run.floor_path}" if endpoint == "floor" else endpoint
        print(
            f"{label:<16}{row['n']:>9}{row['rps']:>9.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}"
            f"{errors:>8}{row['cpu_ms']:>16.1f}"
        )
        if not endpoint.startswith("floor"):
            total_n += len(samples)
            total_errors += errors
    exam_wall = sum(p.wall for p in run.phases.values() if not p.name.startswith("floor"))
    print(f"{'whole exam':<16}{total_n:>9}{total_n / exam_wall:>9.1f}{'':>27}{total_errors:>8}")
    save, floor = stats.get("save"), stats.get("floor")
    failed_requests = sum(not sample.ok for sample in run.samples)
    out_of_order = sum(1 for student in run.students for op in student.plan if op[3] == "stale")
    print(f"lost answers: {report['lost']}  (of {report['acked']} acknowledged final saves)")
    print(
        f"late seq-1 saves answered stale: {run.stale_ok}/{out_of_order}; unexpected save statuses: {run.unexpected_status}"
    )
    print(f"attempts finished with full marks: {report['attempts'] - report['not_full']}/{len(run.students)}")
    fraction = save["rps"] / floor["rps"] if save and floor else float("nan")
    if save and floor:
        print(
            f"autosave throughput: {save['rps']:.1f} req/s = {fraction:.0%} of the floor ({floor['rps']:.1f} req/s"
            f" for GET {run.floor_path} at the same concurrency); aim >= 50%"
        )
        print(
            f"server CPU per request: save {save['cpu_ms']:.1f} ms, floor {floor['cpu_ms']:.1f} ms: when CPU-bound, autosave"
            f" can reach at most {floor['cpu_ms'] / save['cpu_ms']:.0%} of the floor (less sensitive to other load than req/s)"
        )
        print(
            f"autosave CPU ratio to the floor: {save['cpu_ms'] / floor['cpu_ms']:.2f}x"
            f" ({len(run.students)} students, cache: {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}); aim <= 2x"
        )
        print(f"autosave p99: {save['p99']:.1f} ms (floor p99 {floor['p99']:.1f} ms); aim < 100 ms")
    storm = login_storm(run)
    if storm:
        print(
            f"login storm: {storm['n']} students all logged in after {storm['all_s']:.1f} s; each waited"
            f" p50 {storm['p50_s']:.1f} s, p95 {storm['p95_s']:.1f} s; server CPU {storm['cpu_ms']:.0f} ms per login"
            " (form + password hash)"
        )
    paced = stats.get("save (paced)")
    if paced:
        print(
            f"paced autosave p99: {paced['p99']:.1f} ms at {len(run.students) / run.pace:.0f} saves/s offered"
            f" (each student every {run.pace:g} s); aim < 100 ms"
        )
    client_cpu = sum(p.client_cpu for p in run.phases.values())
    wall = sum(p.wall for p in run.phases.values())
    print(f"load generator: {100 * client_cpu / wall:.0f}% of one CPU; keep-alive reconnects: {run.reconnects}")
    faults_ok = print_faults(run)
    for message in run.errors[:10]:
        print(f"  ! {message}")
    if len(run.errors) > 10:
        print(f"  ! ... {len(run.errors) - 10} more")
    ok = (
        faults_ok
        and report["lost"] == 0
        and not run.errors
        and report["missing_attempts"] == 0
        and report["not_full"] == 0
        and run.unexpected_status == 0
    )
    return {
        "database": db,
        "ok": ok,
        "lost": report["lost"],
        "errors": failed_requests,
        "save_rps": save["rps"] if save else 0,
        "save_p99_ms": save["p99"] if save else float("nan"),
        "floor_fraction": fraction,
        "cpu_ratio": save["cpu_ms"] / floor["cpu_ms"] if save and floor else float("nan"),
        "save_cpu_ms": save["cpu_ms"] if save else float("nan"),
        "floor_cpu_ms": floor["cpu_ms"] if floor else float("nan"),
        "students": len(run.students),
        "login_storm": storm,
        "paced_p99_ms": paced["p99"] if paced else float("nan"),
        "fault_lost": sum(f.lost for f in run.fault_results),
        "fault_finished": ", ".join(
            f"{f.name} {f.finished}/{len(run.students)}" for f in run.fault_results if not f.note.startswith("n/a")
        )
        + " finished",
    }


if __name__ == "__main__":
    try:
        if len(sys.argv) == 4 and sys.argv[1] == "--child":
            sys.exit(child(sys.argv[2], Path(sys.argv[3])))
        sys.exit(main())
    except KeyboardInterrupt:  # the finally blocks have stopped gunicorn and removed the data
        if len(sys.argv) == 1:
            print("\nexam day: interrupted; server stopped, temporary data removed", file=sys.stderr)
        sys.exit(130)
