"""Deployment: two or more Streamlit replicas on loopback behind nginx, sticky per browser.

    .venv/bin/python deploy/serve.py [--port 8080] [--replica-ports 8601,8602] [--db data/monitor.duckdb]
        [--auth-file PASSWORDS] [--tls-cert CERT --tls-key KEY] [--run-dir DIR]

`make serve-replicas` runs it. Each replica is `streamlit run app.py` with MONITOR_DB pointing at the
same database file, which every replica opens read-only (and reopens when a rebuild swaps in a new
file). nginx (Debian's package) listens on 127.0.0.1:--port with deploy/nginx.conf.template filled
in; its logs go to the run directory. Ctrl-C (or SIGTERM) stops nginx and every replica.
Imports the standard library only; docs/deploy.md explains the choices.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's tools/ package

from tools.appserver import spawn_streamlit  # noqa: E402
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class DeployError(RuntimeError):
    """A replica or nginx did not start; the message holds its log."""


def render_config(run_dir: Path, port: int, replica_ports: list[int], auth_file: Path | None = None,
                  tls: tuple[Path, Path] | None = None, worker_dir: Path | None = None) -> str:
    """nginx.conf for these ports: the template with its {{...}} fields filled in (logs in
    `run_dir`, the workers' temporary files in `worker_dir`, default the same)."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports)
    fields = {
        "RUN_DIR": str(run_dir), "WORKER_DIR": str(worker_dir or run_dir), "PORT": str(port), "SERVERS": servers,
        "SSL": " ssl" if tls else "",
        "TLS": (f"        ssl_certificate {tls[0]};\n        ssl_certificate_key {tls[1]};\n"
                "        ssl_protocols TLSv1.2 TLSv1.3;") if tls else "",
        "COOKIE_SECURE": "; Secure" if tls else "",
        "AUTH": (f'        auth_basic "China-Central Asia Monitor";\n'
                 f"        auth_basic_user_file {auth_file};") if auth_file else "",
    }
    text = TEMPLATE.read_text()
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Replica:
    """One `streamlit run app.py` on 127.0.0.1:port, in its own process group."""

    def __init__(self, db: Path, port: int, run_dir: Path, python: str = sys.executable):
        self.db, self.port, self.python = db, port, python
        self.log_path = run_dir / f"replica-{port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        # The team's replicas never serve the curator page, whatever the operator's shell sets.
        with open(self.log_path, "ab") as log:
            self.proc = spawn_streamlit(self.python, self.port, self.db, log)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the replica's process group (it holds only this server)."""
        if self.alive():
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        if not self.alive():
            return
        self.kill(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.proc.wait(timeout=10)


class Deployment:
    """nginx on 127.0.0.1:port in front of one Replica per replica port."""

    def __init__(self, db: Path, port: int, replica_ports: list[int], run_dir: Path | None = None,
                 auth_file: Path | None = None, tls: tuple[Path, Path] | None = None):
        if len(set(replica_ports)) != len(replica_ports) or port in replica_ports:
            raise ValueError("the front port and the replica ports must all differ")
        self.db, self.port = Path(db).resolve(), port
        self.run_dir = Path(run_dir) if run_dir else Path(tempfile.mkdtemp(prefix="cca-deploy-"))
        self.auth_file, self.tls = auth_file, tls
        self.scheme = "https" if tls else "http"
        self.url = f"{self.scheme}://127.0.0.1:{port}"
        self.replicas = [Replica(self.db, p, self.run_dir) for p in replica_ports]
        self.nginx: subprocess.Popen | None = None
        self.worker_dir: Path | None = None

    def start(self, timeout: float = 90.0) -> "Deployment":
        if not Path(NGINX).is_file():
            raise DeployError("nginx is not installed: `sudo apt-get install nginx` (or `make nginx`)")
        if not self.db.is_file():
            raise DeployError(f"no database at {self.db}: build it with `make db`")
        busy = [p for p in [self.port] + [r.port for r in self.replicas] if port_open(p)]
        if busy:
            raise DeployError(f"port(s) already in use on 127.0.0.1: {busy}")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # nginx's workers (a less privileged user when nginx starts as root) read the password file
        # on every request and write temporary files: both go to a folder of their own in /tmp that
        # they can reach whatever the run directory's parents allow.
        self.worker_dir = Path(tempfile.mkdtemp(prefix="cca-nginx-"))
        os.chmod(self.worker_dir, 0o711)
        auth = None
        if self.auth_file:
            auth = self.worker_dir / "htpasswd"
            shutil.copyfile(self.auth_file, auth)
            os.chmod(auth, 0o644)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(render_config(self.run_dir, self.port, [r.port for r in self.replicas], auth, self.tls,
                                      self.worker_dir))
        try:
            for replica in self.replicas:
                replica.start()
            deadline = time.monotonic() + timeout
            for replica in self.replicas:
                while not replica.healthy():
                    if not replica.alive():
                        raise DeployError(f"replica on port {replica.port} exited. Its log:\n{replica.log()}")
                    if time.monotonic() > deadline:
                        raise DeployError(f"replica on port {replica.port} not healthy within {timeout:.0f} s. "
                                          f"Its log:\n{replica.log()}")
                    time.sleep(0.25)
            check = subprocess.run([NGINX, "-t", "-q", "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"),
                                    "-c", str(conf)], capture_output=True, text=True)
            if check.returncode != 0:
                raise DeployError(f"nginx refused the config {conf}:\n{check.stderr}{self.nginx_log()}")
            self.nginx = subprocess.Popen(
                [NGINX, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(conf),
                 "-g", "daemon off;"], stdin=subprocess.DEVNULL, start_new_session=True)
            while not port_open(self.port):
                if self.nginx.poll() is not None:
                    raise DeployError(f"nginx exited with code {self.nginx.returncode}:\n{self.nginx_log()}")
                if time.monotonic() > deadline:
                    raise DeployError(f"nginx did not listen on {self.port}:\n{self.nginx_log()}")
                time.sleep(0.1)
        except BaseException:
            self.stop()
            raise
        return self

    def nginx_log(self) -> str:
        try:
            return (self.run_dir / "error.log").read_text(errors="replace")
        except OSError:
            return ""

    def access_log(self) -> str:
        try:
            return (self.run_dir / "access.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)   # graceful: finish what is in flight
            try:
                self.nginx.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.nginx.terminate()
                self.nginx.wait(timeout=10)
        for replica in self.replicas:
            replica.stop()
        if self.worker_dir is not None:
            shutil.rmtree(self.worker_dir, ignore_errors=True)
            self.worker_dir = None

    def __enter__(self) -> "Deployment":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--replica-ports", default="8601,8602", help="comma-separated, two or more")
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("MONITOR_DB", ROOT / "data" / "monitor.duckdb")))
    parser.add_argument("--auth-file", type=Path, help="an htpasswd file: nginx then asks for a login")
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate (chain) for HTTPS")
    parser.add_argument("--tls-key", type=Path, help="its PEM private key")
    parser.add_argument("--run-dir", type=Path, help="config and logs (default: a new folder in /tmp)")
    args = parser.parse_args()
    ports = [int(p) for p in args.replica_ports.split(",") if p.strip()]
    if len(ports) < 2:
        parser.error("give two or more --replica-ports")
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    tls = (args.tls_cert.resolve(), args.tls_key.resolve()) if args.tls_cert else None
    deployment = Deployment(args.db, args.port, ports, args.run_dir, args.auth_file, tls)

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        deployment.start()
    except DeployError as e:
        sys.exit(f"serve-replicas: {e}")
    print(f"Serving {deployment.db} on {deployment.url} through nginx, replicas on "
          f"{', '.join(str(r.port) for r in deployment.replicas)}{' (login required)' if args.auth_file else ''}.\n"
          f"Logs and config: {deployment.run_dir}. Ctrl-C stops them all.", flush=True)
    reported: set[int] = set()
    try:
        while not stopping:
            if deployment.nginx.poll() is not None:
                print(f"nginx exited (code {deployment.nginx.returncode}):\n{deployment.nginx_log()}", file=sys.stderr)
                break
            for replica in deployment.replicas:
                if not replica.alive() and replica.port not in reported:
                    reported.add(replica.port)
                    print(f"replica on port {replica.port} exited; nginx sends its browsers to the others "
                          f"(log: {replica.log_path})", file=sys.stderr, flush=True)
            time.sleep(0.5)
    finally:
        print("Stopping nginx and the replicas...", flush=True)
        deployment.stop()


if __name__ == "__main__":
    main()
