# shellcheck shell=bash disable=SC2034
# Helpers shared by scripts/test, scripts/schemathesis and bench/catalog.
# Source it; it defines functions only (plus a few variables) and runs nothing.

HANGAR_ROOT=${HANGAR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# Hangar's version, as BuildInfo.version states it in the source.
hangar_version() {
    sed -n 's/^ *public static let version = "\(.*\)"$/\1/p' "$HANGAR_ROOT/Sources/HangarCore/Packaging/EmbeddedFiles.swift"
}

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Format a number of seconds as 1m05s.
fmt_duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# ---------------------------------------------------------------------------
# Installing what is missing
# ---------------------------------------------------------------------------

_APT_UPDATED=0
# apt_install PKG...: install Debian packages, running `apt-get update` once, first.
apt_install() {
    command -v apt-get >/dev/null || die "need to install $* but apt-get is not available"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to install: $*"
        sudo=(sudo)
    fi
    if [[ $_APT_UPDATED -eq 0 ]]; then
        say "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
        _APT_UPDATED=1
    fi
    say "apt-get install $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# Newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl, or nothing.
pg_find_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl ]] && echo "$d"
    done | sort -V | tail -n1
}

ensure_postgres() {
    PG_BIN=$(pg_find_bindir)
    if [[ -z $PG_BIN ]]; then
        apt_install postgresql
        PG_BIN=$(pg_find_bindir)
        [[ -n $PG_BIN ]] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
    fi
    export PG_BIN
}

ensure_pip() {
    python3 -m pip --version >/dev/null 2>&1 && return 0
    command -v python3 >/dev/null || apt_install python3
    python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
}

# pip_install SPEC...: pip install, retrying with --break-system-packages on a
# PEP 668 "externally managed" system Python.
pip_install() {
    ensure_pip
    say "pip install $*"
    local out
    if out=$(python3 -m pip install -q "$@" 2>&1); then
        [[ -n $out ]] && printf '%s\n' "$out" >&2
        return 0
    fi
    if grep -q externally-managed <<<"$out"; then
        python3 -m pip install -q --break-system-packages "$@"
    else
        printf '%s\n' "$out" >&2
        return 1
    fi
}

# The schemathesis command line (4.x) and pytest.
ensure_python_tools() {
    local need=()
    if ! python3 -c 'import pytest' >/dev/null 2>&1; then need+=(pytest); fi
    if ! python3 -c 'import schemathesis, sys; sys.exit(0 if schemathesis.__version__.startswith("4.") else 1)' >/dev/null 2>&1; then
        need+=('schemathesis>=4,<5')
    fi
    if [[ ${#need[@]} -gt 0 ]]; then pip_install "${need[@]}"; fi
    # pyenv shims need a rehash to expose freshly installed console scripts.
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash >/dev/null 2>&1 || true; fi
}

# The schemathesis CLI as an array, in SCHEMATHESIS_CMD.
schemathesis_cmd() {
    if command -v schemathesis >/dev/null 2>&1; then
        SCHEMATHESIS_CMD=(schemathesis)
    elif command -v st >/dev/null 2>&1 && st --version 2>/dev/null | grep -qi schemathesis; then
        SCHEMATHESIS_CMD=(st)
    else
        SCHEMATHESIS_CMD=(python3 -m schemathesis.cli)
    fi
}

# ---------------------------------------------------------------------------
# A throwaway PostgreSQL server
# ---------------------------------------------------------------------------

PG_DIR=""
PG_PORT=""
PG_ADMIN_URL=""

# Run a command as the postgres user when we are root (initdb refuses root).
# Runs from $PG_DIR, which the postgres user can enter (the caller's directory may
# not be).
_as_pg() {
    (
        cd "${PG_DIR:-/tmp}" || exit 1
        if [[ $EUID -eq 0 ]]; then
            if command -v runuser >/dev/null; then
                exec runuser -u postgres -- "$@"
            else
                exec su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
            fi
        else
            exec "$@"
        fi
    )
}

# Is anything listening on 127.0.0.1:$1 (or is the port otherwise unbindable)?
port_busy() {
    ! python3 - "$1" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.close()
EOF
}

# pg_start: initdb + start on 127.0.0.1 on a free port (55432 upwards), trust auth,
# socket in the temp dir. Sets PG_DIR, PG_PORT, PG_ADMIN_URL. Call pg_stop from
# your EXIT trap.
pg_start() {
    ensure_postgres
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the throwaway server as"
    fi
    # Under /tmp (not $TMPDIR) so that the postgres user can reach it.
    PG_DIR=$(mktemp -d /tmp/hangar-pg.XXXXXX)
    mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
    chmod 755 "$PG_DIR"
    if [[ $EUID -eq 0 ]]; then chown -R postgres: "$PG_DIR"; fi

    say "initdb ($PG_BIN) in $PG_DIR"
    if ! _as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
        >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi

    local port=${HANGAR_PG_PORT:-55432} tries=0
    while :; do
        tries=$((tries + 1))
        [[ $tries -le 40 ]] || die "could not start PostgreSQL on any port near ${HANGAR_PG_PORT:-55432}"
        if port_busy "$port"; then port=$((port + 1)); continue; fi
        if _as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
            start >/dev/null 2>&1; then
            break
        fi
        if grep -qiE 'could not (bind|create listen)|already in use' "$PG_DIR/postgres.log" 2>/dev/null; then
            port=$((port + 1))
            continue
        fi
        cat "$PG_DIR/postgres.log" >&2 || true
        die "PostgreSQL did not start"
    done
    PG_PORT=$port

    local deadline=$((SECONDS + 60))
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; do
        [[ $SECONDS -lt $deadline ]] || { cat "$PG_DIR/postgres.log" >&2; die "PostgreSQL not ready after 60 s"; }
        sleep 0.2
    done
    PG_ADMIN_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
    say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$PG_PORT"
}

pg_stop() {
    [[ -n $PG_DIR && -d $PG_DIR ]] || return 0
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
        _as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || {
            # Last resort: the postmaster pid is the first line of postmaster.pid.
            local pid
            pid=$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
            if [[ -n $pid ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
        }
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}

_psql() {
    local psql=psql
    [[ -n ${PG_BIN:-} && -x $PG_BIN/psql ]] && psql=$PG_BIN/psql
    command -v "$psql" >/dev/null || { ensure_postgres; psql=$PG_BIN/psql; }
    "$psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# pg_url_with_db ADMIN_URL DBNAME: the same URL pointing at another database.
pg_url_with_db() {
    local url=$1 db=$2 base query
    base=${url%%\?*}
    query=${url#"$base"}
    [[ $base =~ ^postgres(ql)?://[^/]+/ ]] || die "admin URL must name a database: $url"
    printf '%s/%s%s\n' "${base%/*}" "$db" "$query"
}

# pg_create_db ADMIN_URL NAME: prints the new database's URL.
pg_create_db() {
    _psql "$1" -c "CREATE DATABASE \"$2\"" >/dev/null
    pg_url_with_db "$1" "$2"
}

pg_drop_db() {
    _psql "$1" -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------
# A Hangar server
# ---------------------------------------------------------------------------

HANGAR_PID=""
HANGAR_URL=""

# hangar_start BINARY LOGFILE: starts `BINARY serve` on 127.0.0.1 with a free port
# (the caller sets HANGAR_DATA_DIR / DATABASE_URL / HANGAR_ADMIN_TOKEN in the
# environment), waits for "Hangar is running at URL" and sets HANGAR_URL, HANGAR_PID.
hangar_start() {
    local bin=$1 log=$2
    [[ -x $bin ]] || die "$bin not found; build it first (swift build)"
    # The log exists before the server starts: the background job opens it later, and a first
    # look that found no file would end this script under `set -e`.
    : >"$log"
    HANGAR_HOST=127.0.0.1 HANGAR_PORT=0 "$bin" serve >"$log" 2>&1 </dev/null &
    HANGAR_PID=$!
    local deadline=$((SECONDS + ${HANGAR_START_TIMEOUT:-90}))
    HANGAR_URL=""
    while [[ -z $HANGAR_URL ]]; do
        HANGAR_URL=$(sed -n 's|^Hangar is running at \(http://[^[:space:]]*\).*|\1|p' "$log" | head -n1 || true)
        [[ -n $HANGAR_URL ]] && break
        if ! kill -0 "$HANGAR_PID" 2>/dev/null; then
            wait "$HANGAR_PID" 2>/dev/null || true
            HANGAR_PID=""
            printf -- '--- server log (%s) ---\n' "$log" >&2
            cat "$log" >&2
            die "hangar serve exited before listening"
        fi
        if [[ $SECONDS -ge $deadline ]]; then
            cat "$log" >&2
            die "hangar serve did not report its URL in time"
        fi
        sleep 0.1
    done
}

hangar_stop() {
    [[ -n $HANGAR_PID ]] || return 0
    if kill -0 "$HANGAR_PID" 2>/dev/null; then
        kill -TERM "$HANGAR_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 100); do
            kill -0 "$HANGAR_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$HANGAR_PID" 2>/dev/null || true
    fi
    wait "$HANGAR_PID" 2>/dev/null || true
    HANGAR_PID=""
}
