"""nginx running deploy/nginx/hangar.conf outside /etc, for deploy/check and tests/topology.

The shipped file is copied with only what a throwaway run must change: the certificate paths
(a self-signed certificate for hangar.example.com, the configuration's server_name), and,
when asked, the listen ports (on 127.0.0.1, the [::] lines dropped) and the upstream's one
`server 127.0.0.1:8080;` line (replaced by the given servers). A minimal nginx.conf beside it
includes it in its http {} block, with every path inside the folder.

    python3 deploy/lib/nginx_conf.py cert DIR
    python3 deploy/lib/nginx_conf.py site DIR [--server 'ADDR [PARAMS]']... [--https PORT --http PORT]

`site` writes DIR/tls/{fullchain,privkey}.pem, DIR/hangar.conf and DIR/nginx.conf; run it with
`nginx -p DIR -c DIR/nginx.conf`. It fails when a line it must rewrite is no longer in the
shipped file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1]
SHIPPED = DEPLOY / "nginx" / "hangar.conf"
SERVER_NAME = "hangar.example.com"
CERT_DIR = "/etc/ssl/hangar/"
UPSTREAM_LINE = "    server 127.0.0.1:8080;"
HTTPS_LINE = "    listen 443 ssl http2;"
HTTP_LINE = "    listen 80;"


def find_nginx() -> str | None:
    """nginx on PATH, else Debian's /usr/sbin/nginx (not on a user's PATH), else None."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def make_cert(directory: Path, name: str = SERVER_NAME) -> None:
    """A self-signed certificate for name, as directory/fullchain.pem and directory/privkey.pem
    (the file names of the shipped configurations)."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(directory / "privkey.pem"), "-out", str(directory / "fullchain.pem")],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def site_conf(tls_dir: Path, servers: list[str] | None = None, https: int | None = None,
              http: int | None = None) -> str:
    """The shipped hangar.conf with the certificate paths in tls_dir, the upstream's servers
    replaced by servers (each `ADDR [PARAMS]`) and the listen lines on 127.0.0.1:https and
    127.0.0.1:http, when given."""
    lines = SHIPPED.read_text().split("\n")
    if servers:
        _replace(lines, UPSTREAM_LINE, [f"    server {server};" for server in servers])
    if https is not None:
        _replace(lines, HTTPS_LINE, [f"    listen 127.0.0.1:{https} ssl http2;"])
    if http is not None:
        _replace(lines, HTTP_LINE, [f"    listen 127.0.0.1:{http};"])
    if https is not None or http is not None:
        lines = [line for line in lines if not line.startswith("    listen [::]:")]
    return "\n".join(lines).replace(CERT_DIR, f"{tls_dir}/")


def _replace(lines: list[str], line: str, replacement: list[str]) -> None:
    count = lines.count(line)
    if count != 1:
        raise ValueError(f"{SHIPPED} has {count} lines {line.strip()!r} (one expected): update deploy/lib/nginx_conf.py")
    index = lines.index(line)
    lines[index:index + 1] = replacement


def main_conf(directory: Path) -> str:
    """A minimal nginx.conf including directory/hangar.conf, everything it writes in directory."""
    # Workers run as `nobody` when nginx starts as root; they must reach the temp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {directory}/tmp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}pid {directory}/nginx.pid;\nerror_log {directory}/error.log error;\n"
            "worker_processes 1;\nevents { worker_connections 256; }\n"
            f"http {{\n    access_log off;\n{temp}\n    include {directory}/hangar.conf;\n}}\n")


def write_site(directory: Path, servers: list[str] | None = None, https: int | None = None,
               http: int | None = None) -> Path:
    """The certificate, hangar.conf and nginx.conf in directory; returns the nginx.conf path."""
    directory = directory.resolve()
    (directory / "tmp").mkdir(parents=True, exist_ok=True)
    make_cert(directory / "tls")
    (directory / "hangar.conf").write_text(site_conf(directory / "tls", servers, https, http))
    path = directory / "nginx.conf"
    path.write_text(main_conf(directory))
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cert = commands.add_parser("cert", help="a self-signed certificate for hangar.example.com")
    cert.add_argument("dir", type=Path)
    site = commands.add_parser("site", help="certificate, hangar.conf and nginx.conf")
    site.add_argument("dir", type=Path)
    site.add_argument("--server", action="append", help="an upstream server: 'ADDR [PARAMS]' (repeatable)")
    site.add_argument("--https", type=int, help="listen on 127.0.0.1:PORT for HTTPS")
    site.add_argument("--http", type=int, help="listen on 127.0.0.1:PORT for plain HTTP")
    args = parser.parse_args(argv)
    try:
        if args.command == "cert":
            make_cert(args.dir)
        else:
            write_site(args.dir, args.server, args.https, args.http)
    except (ValueError, OSError, subprocess.CalledProcessError) as error:
        print(f"nginx_conf.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
