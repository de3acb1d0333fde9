#!/usr/bin/env bash
# deploy/lib/servers.sh — provision PostgreSQL and RabbitMQ for ./deploy/up and ./deploy/test.
#
# Source it, then call `provision_servers`; call `stop_started_servers` on exit (it stops only
# what this shell started). After provision_servers these are exported:
#
#   TALENT_POSTGRES     Npgsql connection string of a server where the user may create databases
#                       Host=127.0.0.1;Port=55432;Username=talent;Password=<hex>;Database=postgres
#   TALENT_RABBITMQ     amqp://talent:<hex>@127.0.0.1:55672/
#   TALENT_RABBITMQCTL  <repo>/deploy/lib/broker-ctl — rabbitmqctl against *our* broker
#                       (stop_app / start_app / await_startup ...); unset when the broker was
#                       given through TALENT_RABBITMQ and no TALENT_RABBITMQCTL was set.
#
# Precedence for each server: the variable already set in the environment (used untouched),
# else a Docker engine (docker compose -f deploy/compose.yaml), else local server binaries
# (PostgreSQL from /usr/lib/postgresql/<v>/bin, RabbitMQ from Debian's rabbitmq-server, installed
# with apt when missing). Local servers keep their data under <repo>/.local/ and are reused,
# not restarted, when they already run (e.g. ./deploy/up in another terminal); reused servers
# are never stopped by stop_started_servers.
#
# Settings (environment):
#   TALENT_SERVERS              auto (default) | local | docker
#   TALENT_PG_PORT              local/docker PostgreSQL port on 127.0.0.1 (default 55432)
#   TALENT_RABBITMQ_PORT        local/docker AMQP port on 127.0.0.1 (default 55672)
#   TALENT_RABBITMQ_DIST_PORT   local Erlang distribution port on 127.0.0.1 (default 55673)
#   TALENT_RABBITMQ_MGMT_PORT   docker management UI port on 127.0.0.1 (default 55674)
#   TALENT_RABBITMQ_NODE        local node name (default talent@localhost)
#   TALENT_SERVER_START_TIMEOUT seconds to wait for a server to come up (default 90)
#   TALENT_PG_BIN               folder holding initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#
# Secrets: .local/postgres/password and .local/rabbitmq/password, generated once (never commit
# .local/). Needs root on a machine without Docker (servers run as users postgres and rabbitmq).

set -euo pipefail

if [[ -n "${_TALENT_SERVERS_SH_LOADED:-}" ]]; then
  return 0
fi
_TALENT_SERVERS_SH_LOADED=1

TALENT_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
TALENT_LOCAL="$TALENT_REPO_ROOT/.local"
TALENT_COMPOSE_FILE="$TALENT_REPO_ROOT/deploy/compose.yaml"
TALENT_BROKER_CTL="$TALENT_REPO_ROOT/deploy/lib/broker-ctl"
TALENT_BROKER_STATE="$TALENT_LOCAL/rabbitmq/broker-ctl.env"

# ---- what this shell started (stop_started_servers stops exactly these) ----------------------
_srv_started_pg_data=""   # data dir of the PostgreSQL we started
_srv_started_pg_pid=""    # its postmaster pid
_srv_started_rmq_pid=""   # pid of the rabbitmq-server we started (our child)
_srv_started_compose=()   # compose services we started

# ---- internal state ---------------------------------------------------------------------------
_srv_lock_fd=""
_srv_pg_bin=""
_srv_rmq_sbin=""
_srv_rmq_dir=""
_srv_rmq_node=""
_srv_rmq_port=""
_srv_rmq_dist_port=""
_srv_rmq_password=""
_srv_rmq_launched=""      # "started" | "reused" | "" (between launch and finish)
_srv_rmq_env=()

_srv_log() { printf '[servers] %s\n' "$*" >&2; }
_srv_warn() { printf '[servers] WARNING: %s\n' "$*" >&2; }
_srv_die() {
  printf '[servers] ERROR: %s\n' "$*" >&2
  exit 1
}

# Print the last lines of a log file (for error reports).
_srv_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '[servers] ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf '[servers] ---- end of %s ----\n' "$file" >&2
  fi
}

_srv_random_hex() { # $1 = number of bytes
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# Read a secret file, creating it (random hex, mode 600) the first time. Result in REPLY.
_srv_secret() {
  local file="$1"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && _srv_random_hex 24 >"$file.tmp" && mv -f "$file.tmp" "$file")
  fi
  REPLY="$(tr -d '[:space:]' <"$file")"
  [[ "$REPLY" =~ ^[A-Za-z0-9]+$ ]] || _srv_die "$file must hold one alphanumeric password (delete it to regenerate)"
}

_srv_check_port_value() { # $1 value, $2 variable name
  if ! [[ "$1" =~ ^[0-9]+$ ]] || (("$1" < 1 || "$1" > 65535)); then
    _srv_die "$2=$1 is not a valid TCP port"
  fi
}

# True when something listens on TCP port $1 (ss when present, else a connect to loopback).
talent_port_busy() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
  else
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
  fi
}
_srv_port_busy() { talent_port_busy "$@"; }

# True when process $1 is alive and its command name starts with $2.
_srv_proc_is() {
  local pid="$1" name="$2" comm
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null)" || return 1
  [[ "$comm" == "$name"* ]]
}

# Close the provisioning lock in a child so long-lived servers do not keep holding it.
_srv_close_lock_fd() {
  if [[ -n "$_srv_lock_fd" ]]; then
    exec {_srv_lock_fd}>&-
  fi
}

# Run a command as a service user ($1) from /, with a clean environment (HOME, PATH set from
# passwd); use `env VAR=value ...` in the command for anything else.
_srv_as() {
  local user="$1"
  shift
  if [[ "$EUID" -eq 0 ]]; then
    (cd / && _srv_close_lock_fd && exec setpriv --reuid="$user" --regid="$user" --init-groups --reset-env -- "$@")
  elif [[ "$(id -un)" == "$user" ]]; then
    (cd / && _srv_close_lock_fd && exec "$@")
  else
    _srv_die "local servers need root (to run as user '$user'); or set TALENT_POSTGRES / TALENT_RABBITMQ"
  fi
}

# apt-get install, with an update first when the package lists do not know the package.
_srv_apt_install() {
  [[ "$EUID" -eq 0 ]] || _srv_die "cannot install $* with apt: not root"
  command -v apt-get >/dev/null || _srv_die "cannot install $*: no apt-get on this machine"
  local pkg candidate need_update=0 log="$TALENT_LOCAL/logs/apt.log" try
  mkdir -p "$(dirname "$log")"
  for pkg in "$@"; do
    candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then need_update=1; fi
  done
  export DEBIAN_FRONTEND=noninteractive
  if ((need_update)); then
    _srv_log "apt-get update (package lists do not know: $*)"
    for try in 1 2 3 4 5 6 7 8 9 10; do
      if (_srv_close_lock_fd && exec apt-get -q -o DPkg::Lock::Timeout=600 update) >>"$log" 2>&1; then break; fi
      ((try < 10)) || { _srv_tail "$log"; _srv_die "apt-get update failed"; }
      sleep 10 # another apt may hold the lists lock
    done
  fi
  _srv_log "apt-get install $* (log: $log)"
  if ! (_srv_close_lock_fd && exec apt-get -y -q -o DPkg::Lock::Timeout=900 install "$@") >>"$log" 2>&1; then
    _srv_tail "$log"
    _srv_die "apt-get install $* failed"
  fi
}

# Folder for a server's data ($1 = postgres|rabbitmq, also the user owning it). Normally
# .local/<name>; if the service user cannot reach the work tree (a parent folder without o+x),
# a persistent folder keyed on the repo path under /var/lib/talent-platform. Result in REPLY.
_srv_server_dir() {
  local name="$1" dir="$TALENT_LOCAL/$1" alt
  mkdir -p "$dir"
  chmod 755 "$TALENT_LOCAL" "$dir"
  if _srv_as "$name" test -x "$dir" 2>/dev/null; then
    REPLY="$dir"
    return 0
  fi
  alt="/var/lib/talent-platform/$(printf '%s' "$TALENT_REPO_ROOT" | sha256sum | cut -c1-12)/$name"
  _srv_warn "user $name cannot reach $dir (a parent folder is not searchable); keeping $name data in $alt"
  mkdir -p "$alt"
  chmod 755 "$(dirname "$alt")" "$alt"
  REPLY="$alt"
}

# Serialise provisioning between concurrent ./deploy/up and ./deploy/test runs.
_srv_lock() {
  mkdir -p "$TALENT_LOCAL"
  exec {_srv_lock_fd}>>"$TALENT_LOCAL/servers.lock"
  if ! flock -w 600 "$_srv_lock_fd"; then
    _srv_die "another ./deploy/up or ./deploy/test has been provisioning servers for 10 minutes ($TALENT_LOCAL/servers.lock)"
  fi
}

_srv_unlock() {
  if [[ -n "$_srv_lock_fd" ]]; then
    flock -u "$_srv_lock_fd" || true
    exec {_srv_lock_fd}>&-
    _srv_lock_fd=""
  fi
}

# =============================================================================================
# Docker
# =============================================================================================

_srv_docker_available() {
  local mode="${TALENT_SERVERS:-auto}"
  case "$mode" in
    local) return 1 ;;
    auto | docker) ;;
    *) _srv_die "TALENT_SERVERS must be auto, local or docker (got '$mode')" ;;
  esac
  if command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then
    if timeout 10 docker compose version >/dev/null 2>&1; then
      return 0
    fi
    [[ "$mode" == docker ]] && _srv_die "TALENT_SERVERS=docker but 'docker compose' is not available"
    _srv_warn "a Docker engine answers but 'docker compose' is missing; using local servers"
    return 1
  fi
  [[ "$mode" == docker ]] && _srv_die "TALENT_SERVERS=docker but no Docker engine answers (docker info)"
  return 1
}

_srv_compose() {
  docker compose -f "$TALENT_COMPOSE_FILE" "$@"
}

_srv_docker_up() { # services...
  local want=("$@") running=() to_start=() s r found
  _srv_secret "$TALENT_LOCAL/postgres/password"
  export TALENT_PG_PASSWORD="$REPLY"
  _srv_secret "$TALENT_LOCAL/rabbitmq/password"
  export TALENT_RABBITMQ_PASSWORD="$REPLY"
  export TALENT_PG_PORT TALENT_RABBITMQ_PORT TALENT_RABBITMQ_MGMT_PORT
  mapfile -t running < <(_srv_compose ps --status running --services 2>/dev/null || true)
  for s in "${want[@]}"; do
    found=0
    for r in "${running[@]}"; do [[ "$r" == "$s" ]] && found=1; done
    if ((found)); then _srv_log "docker compose service '$s' already running; reusing it"; else to_start+=("$s"); fi
  done
  _srv_log "docker compose up -d --wait ${want[*]}"
  if ! timeout 600 docker compose -f "$TALENT_COMPOSE_FILE" up -d --wait "${want[@]}" >&2; then
    _srv_compose logs --tail 40 "${want[@]}" >&2 || true
    _srv_die "docker compose up failed"
  fi
  _srv_started_compose+=("${to_start[@]}")
}

# =============================================================================================
# PostgreSQL (local binaries)
# =============================================================================================

_srv_pg_find_bin() {
  local d
  if [[ -n "${TALENT_PG_BIN:-}" ]]; then
    [[ -x "$TALENT_PG_BIN/initdb" ]] || _srv_die "TALENT_PG_BIN=$TALENT_PG_BIN has no initdb"
    _srv_pg_bin="$TALENT_PG_BIN"
    return 0
  fi
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    _srv_apt_install postgresql
  fi
  _srv_pg_bin=""
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && _srv_pg_bin="$d"
  done
  [[ -n "$_srv_pg_bin" ]] || _srv_die "no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin"
}

# pg_isready on 127.0.0.1:$1 — 0 accepting, 1 rejecting (starting/stopping), 2 no answer.
_srv_pg_isready() {
  local rc=0
  "$_srv_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$1" -t 3 || rc=$?
  return "$rc"
}

# Wait while the server answers "rejecting connections". Returns 0 ready, 2 gone, 1 timeout.
_srv_pg_wait() {
  local port="$1" deadline=$((SECONDS + $2)) rc
  while :; do
    rc=0
    _srv_pg_isready "$port" || rc=$?
    case "$rc" in
      0 | 2) return "$rc" ;;
      1) ;;
      *) _srv_die "pg_isready failed with code $rc" ;;
    esac
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Remove a postmaster.pid / socket lock file whose pid is not a live postgres process.
_srv_pg_clear_stale_lock() {
  local file="$1" pid
  [[ -f "$file" ]] || return 0
  pid="$(head -n1 "$file" 2>/dev/null | tr -d '[:space:]')"
  if _srv_proc_is "$pid" postgres; then
    return 1
  fi
  _srv_warn "removing stale $(basename "$file") (pid ${pid:-?} is not running) — left by a crash?"
  rm -f "$file"
}

_srv_pg_write_config() { # data port socketdir
  local data="$1" port="$2" sock="$3"
  cat >"$data/talent.conf" <<EOF
# Written by deploy/lib/servers.sh on every start — edit there, not here.
# Dev/test box: loopback only, many connection pools (one per test host).
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '${sock//\'/\'\'}'
max_connections = 300
shared_buffers = 256MB
work_mem = 8MB
max_locks_per_transaction = 256
max_wal_size = 2GB
# Imports store a thousand reports to an event (about 0.5 MB of JSON): LZ4 compresses them (and full-page
# images in the WAL) in less CPU than the default pglz.
default_toast_compression = lz4
wal_compression = lz4
password_encryption = 'scram-sha-256'
# A commit is on disk before it is answered: "a 201 is durable" (the hosts refuse to start otherwise).
synchronous_commit = on
fsync = on
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
  if ! grep -qxF "include_if_exists = 'talent.conf'" "$data/postgresql.conf"; then
    printf '\n# Talent dev settings (deploy/lib/servers.sh)\ninclude_if_exists = %s\n' "'talent.conf'" >>"$data/postgresql.conf"
  fi
  cat >"$data/pg_hba.conf" <<'EOF'
# Written by deploy/lib/servers.sh on every start — edit there, not here.
# TYPE  DATABASE  USER      ADDRESS         METHOD
local   all       postgres                  peer
host    all       all       127.0.0.1/32    scram-sha-256
EOF
  chown postgres:postgres "$data/talent.conf" "$data/pg_hba.conf"
  chmod 600 "$data/talent.conf" "$data/pg_hba.conf"
}

_srv_pg_local() {
  local port="${TALENT_PG_PORT:-55432}"
  _srv_check_port_value "$port" TALENT_PG_PORT
  _srv_pg_find_bin
  _srv_server_dir postgres
  local dir="$REPLY"
  local data="$dir/data" log="$dir/postgres.log" sock="$dir/run"
  _srv_secret "$TALENT_LOCAL/postgres/password"
  local password="$REPLY"
  # A unix socket path is limited to 107 bytes; fall back to a short folder under /tmp.
  if ((${#sock} + 20 > 107)); then
    sock="/tmp/talent-pg-$(printf '%s' "$data" | sha256sum | cut -c1-12)"
  fi

  local rc=0 ours=0 pid=""
  _srv_pg_wait "$port" "${TALENT_SERVER_START_TIMEOUT:-90}" || rc=$?
  if ((rc == 1)); then
    _srv_die "PostgreSQL on 127.0.0.1:$port keeps rejecting connections (starting up or shutting down?)"
  fi
  if ((rc == 0)); then
    # Something answers on the port. Ours when our data dir's postmaster.pid names that port.
    if [[ -f "$data/postmaster.pid" ]]; then
      pid="$(sed -n 1p "$data/postmaster.pid")"
      if [[ "$(sed -n 4p "$data/postmaster.pid")" == "$port" ]] && _srv_proc_is "$pid" postgres; then
        ours=1
        sock="$(sed -n 5p "$data/postmaster.pid")"
      fi
    fi
    if ((ours)); then
      _srv_log "PostgreSQL already running on 127.0.0.1:$port (pid $pid, $data); reusing it (will not stop it)"
    else
      _srv_warn "a PostgreSQL not started from $data answers on 127.0.0.1:$port; trying our credentials"
    fi
  else
    # Not running: create the cluster once, then start it.
    if [[ ! -s "$data/PG_VERSION" ]]; then
      if [[ -d "$data" ]] && [[ -n "$(ls -A "$data" 2>/dev/null)" ]]; then
        _srv_die "$data exists but is not a PostgreSQL cluster; move it away"
      fi
      _srv_log "initdb: new PostgreSQL cluster in $data"
      install -d -o postgres -g postgres -m 700 "$data"
      install -o postgres -g postgres -m 600 /dev/null "$log"
      if ! _srv_as postgres "$_srv_pg_bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale \
        --auth-local=peer --auth-host=scram-sha-256 >>"$log" 2>&1; then
        _srv_tail "$log"
        _srv_die "initdb failed (log: $log)"
      fi
    fi
    local have want
    have="$(cat "$data/PG_VERSION")"
    want="$("$_srv_pg_bin/pg_ctl" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
    [[ "$have" == "$want" ]] || _srv_die "$data is a PostgreSQL $have cluster but the binaries in $_srv_pg_bin are $want"

    if [[ -f "$data/postmaster.pid" ]] && ! _srv_pg_clear_stale_lock "$data/postmaster.pid"; then
      _srv_die "a PostgreSQL (pid $(sed -n 1p "$data/postmaster.pid")) already runs on $data but does not answer on 127.0.0.1:$port (it uses port $(sed -n 4p "$data/postmaster.pid")). Set TALENT_PG_PORT to that port, or stop it: setpriv --reuid=postgres --regid=postgres --init-groups $_srv_pg_bin/pg_ctl -D $data stop"
    fi
    _srv_port_busy "$port" && _srv_die "port $port on this machine is taken by a program that is not PostgreSQL; set TALENT_PG_PORT to a free port"
    install -d -o postgres -g postgres -m 700 "$sock"
    _srv_pg_clear_stale_lock "$sock/.s.PGSQL.$port.lock" || true
    [[ -e "$sock/.s.PGSQL.$port.lock" ]] || rm -f "$sock/.s.PGSQL.$port"
    [[ -f "$log" ]] || install -o postgres -g postgres -m 600 /dev/null "$log"
    chown postgres:postgres "$log"
    _srv_pg_write_config "$data" "$port" "$sock"

    _srv_log "starting PostgreSQL on 127.0.0.1:$port ($data)"
    if ! _srv_as postgres "$_srv_pg_bin/pg_ctl" -D "$data" -l "$log" -w -t "${TALENT_SERVER_START_TIMEOUT:-90}" -s start >&2; then
      _srv_tail "$log"
      _srv_die "PostgreSQL did not start (log: $log)"
    fi
    _srv_started_pg_data="$data"
    _srv_started_pg_pid="$(sed -n 1p "$data/postmaster.pid" 2>/dev/null || true)"
    ours=1
  fi

  if ((ours)); then
    # Role `talent`: created once; its password follows .local/postgres/password.
    if ! _srv_as postgres env PGHOST="$sock" PGPORT="$port" "$_srv_pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
      -U postgres -d postgres >/dev/null 2>"$dir/psql-setup.err" <<SQL; then
SELECT 'CREATE ROLE talent LOGIN CREATEDB CREATEROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'talent') \gexec
ALTER ROLE talent WITH LOGIN CREATEDB CREATEROLE PASSWORD '$password';
SQL
      cat "$dir/psql-setup.err" >&2
      _srv_tail "$log"
      _srv_die "could not create role talent in PostgreSQL on port $port"
    fi
    rm -f "$dir/psql-setup.err"
  fi

  # Check what the services will do: password login over TCP on loopback.
  if ! PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 "$_srv_pg_bin/psql" -X -q -tA -h 127.0.0.1 -p "$port" \
    -U talent -d postgres -c 'SELECT 1' >/dev/null 2>"$TALENT_LOCAL/postgres/login-check.err"; then
    cat "$TALENT_LOCAL/postgres/login-check.err" >&2
    ((ours)) && _srv_tail "$log"
    _srv_die "cannot log in as talent to PostgreSQL on 127.0.0.1:$port (another server on that port? set TALENT_PG_PORT)"
  fi
  rm -f "$TALENT_LOCAL/postgres/login-check.err"
  export TALENT_POSTGRES="Host=127.0.0.1;Port=$port;Username=talent;Password=$password;Database=postgres"
}

# =============================================================================================
# RabbitMQ (local Debian package, our own node)
# =============================================================================================

_srv_rmq_find_sbin() {
  local d
  for d in "${TALENT_RABBITMQ_SBIN:-}" /usr/lib/rabbitmq/bin; do
    if [[ -n "$d" && -x "$d/rabbitmq-server" && -x "$d/rabbitmqctl" ]]; then
      _srv_rmq_sbin="$d"
      return 0
    fi
  done
  # Debian's /usr/lib/rabbitmq/bin holds the real scripts; /usr/sbin/rabbitmq-* are su wrappers.
  _srv_apt_install rabbitmq-server
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || _srv_die "rabbitmq-server installed, but /usr/lib/rabbitmq/bin/rabbitmq-server is missing"
  _srv_rmq_sbin=/usr/lib/rabbitmq/bin
  # The package's postinst may have started the system service (rabbit@<host>, ports 5672/25672).
  # We leave it alone: our node has its own name, ports, cookie and data.
  if pgrep -u rabbitmq -f 'beam.*-sname rabbit@' >/dev/null 2>&1; then
    _srv_log "note: apt started the system RabbitMQ service; leaving it alone (ours uses its own node/ports)"
  fi
}

# rabbitmqctl against our node (through the same wrapper the tests use).
_srv_rmq_ctl() {
  "$TALENT_BROKER_CTL" "$@"
}

# True when our node name is registered with epmd (i.e. a VM with that name runs).
_srv_rmq_registered() {
  local short="${_srv_rmq_node%%@*}"
  epmd -names 2>/dev/null | grep -q "^name $short at port "
}

_srv_rmq_prepare() {
  _srv_rmq_node="${TALENT_RABBITMQ_NODE:-talent@localhost}"
  _srv_rmq_port="${TALENT_RABBITMQ_PORT:-55672}"
  _srv_rmq_dist_port="${TALENT_RABBITMQ_DIST_PORT:-55673}"
  _srv_check_port_value "$_srv_rmq_port" TALENT_RABBITMQ_PORT
  _srv_check_port_value "$_srv_rmq_dist_port" TALENT_RABBITMQ_DIST_PORT
  [[ "$_srv_rmq_node" =~ ^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+$ ]] || _srv_die "TALENT_RABBITMQ_NODE=$_srv_rmq_node is not name@host"
  _srv_rmq_find_sbin
  _srv_server_dir rabbitmq
  _srv_rmq_dir="$REPLY"
  _srv_secret "$TALENT_LOCAL/rabbitmq/password"
  _srv_rmq_password="$REPLY"

  local d="$_srv_rmq_dir"
  install -d -o rabbitmq -g rabbitmq -m 750 "$d/mnesia" "$d/log"
  install -d -o rabbitmq -g rabbitmq -m 700 "$d/home"
  # The node runs as user rabbitmq: anything in its folders owned by another user kills it
  # with eacces (e.g. after a copy or a run as root), so repair ownership when needed.
  local sub
  for sub in "$d/mnesia" "$d/log" "$d/home"; do
    if [[ -n "$(find "$sub" \( ! -user rabbitmq -o ! -group rabbitmq \) -print -quit)" ]]; then
      _srv_warn "repairing ownership of $sub (must belong to rabbitmq)"
      chown -R rabbitmq:rabbitmq "$sub"
    fi
  done
  if [[ ! -s "$d/home/.erlang.cookie" ]]; then
    (umask 077 && _srv_random_hex 20 | tr 'a-f' 'A-F' >"$d/home/.erlang.cookie")
  fi
  chown rabbitmq:rabbitmq "$d/home/.erlang.cookie"
  chmod 400 "$d/home/.erlang.cookie"
  printf '%s\n' '# Empty on purpose: keeps /etc/rabbitmq/rabbitmq-env.conf out of our node.' >"$d/rabbitmq-env.conf"
  printf '%s\n' '[].' >"$d/enabled_plugins"
  chown rabbitmq:rabbitmq "$d/enabled_plugins"
  cat >"$d/rabbitmq.conf" <<'EOF'
# Written by deploy/lib/servers.sh on every start — edit there, not here.
# Listener address/port and the distribution port come from the environment
# (RABBITMQ_NODE_IP_ADDRESS=127.0.0.1, RABBITMQ_NODE_PORT, RABBITMQ_DIST_PORT).
log.console = false
log.file.level = info
disk_free_limit.absolute = 50MB
EOF
  chmod 644 "$d/rabbitmq-env.conf" "$d/rabbitmq.conf"

  _srv_rmq_env=(
    "HOME=$d/home"
    "LANG=C.UTF-8"
    "LC_ALL=C.UTF-8"
    "ERL_EPMD_ADDRESS=127.0.0.1"
    "ERL_CRASH_DUMP=$d/log/erl_crash.dump"
    "RABBITMQ_NODENAME=$_srv_rmq_node"
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
    "RABBITMQ_NODE_PORT=$_srv_rmq_port"
    "RABBITMQ_DIST_PORT=$_srv_rmq_dist_port"
    "RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf"
    "RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf"
    "RABBITMQ_ADVANCED_CONFIG_FILE=$d/advanced.config"
    "RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins"
    "RABBITMQ_MNESIA_BASE=$d/mnesia"
    "RABBITMQ_LOG_BASE=$d/log"
    "RABBITMQ_PID_FILE=$d/mnesia/${_srv_rmq_node%%@*}.pid"
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
  )

  # What deploy/lib/broker-ctl needs to reach this node (no secrets: the cookie stays in home/).
  mkdir -p "$(dirname "$TALENT_BROKER_STATE")"
  cat >"$TALENT_BROKER_STATE.tmp" <<EOF
TALENT_BROKER_MODE=local
TALENT_BROKER_NODE=$_srv_rmq_node
TALENT_BROKER_HOME=$d/home
TALENT_BROKER_SBIN=$_srv_rmq_sbin
TALENT_BROKER_CONF_ENV_FILE=$d/rabbitmq-env.conf
EOF
  mv -f "$TALENT_BROKER_STATE.tmp" "$TALENT_BROKER_STATE"
}

# Start our node in the background unless it already runs (then it is reused, not stopped).
_srv_rmq_local_launch() {
  _srv_rmq_prepare
  local d="$_srv_rmq_dir" pidfile pid
  pidfile="$d/mnesia/${_srv_rmq_node%%@*}.pid"

  if _srv_rmq_registered; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if ! _srv_proc_is "$pid" beam; then
      _srv_die "an Erlang node named ${_srv_rmq_node%%@*} is registered with epmd but was not started from $d (another checkout?). Stop it or set TALENT_RABBITMQ_NODE / TALENT_RABBITMQ_PORT / TALENT_RABBITMQ_DIST_PORT"
    fi
    _srv_log "RabbitMQ node $_srv_rmq_node already running (pid $pid); reusing it (will not stop it)"
    _srv_rmq_launched=reused
    return 0
  fi

  if [[ -f "$pidfile" ]]; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if _srv_proc_is "$pid" beam; then
      _srv_die "a RabbitMQ VM (pid $pid) runs from $d but its node is not registered with epmd; stop it (kill $pid) and retry"
    fi
    _srv_warn "removing stale RabbitMQ pid file $pidfile (pid ${pid:-?} is not running)"
    rm -f "$pidfile"
  fi
  local p
  for p in "$_srv_rmq_port" "$_srv_rmq_dist_port"; do
    _srv_port_busy "$p" && _srv_die "port $p is already taken on this machine; set TALENT_RABBITMQ_PORT / TALENT_RABBITMQ_DIST_PORT to free ports"
  done

  _srv_log "starting RabbitMQ node $_srv_rmq_node on 127.0.0.1:$_srv_rmq_port (dist $_srv_rmq_dist_port, data $d)"
  printf '\n==== %s start by deploy/lib/servers.sh (pid %s) ====\n' "$(date -Is)" "$$" >>"$d/startup.log"
  # setsid: a Ctrl-C in the terminal must not reach the broker; we stop it ourselves.
  (cd / && _srv_close_lock_fd && exec setsid setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups --reset-env -- \
    env "${_srv_rmq_env[@]}" "$_srv_rmq_sbin/rabbitmq-server") </dev/null >>"$d/startup.log" 2>&1 &
  _srv_started_rmq_pid=$!
  _srv_rmq_launched=started
}

_srv_rmq_show_logs() {
  _srv_tail "$_srv_rmq_dir/startup.log" 30
  _srv_tail "$_srv_rmq_dir/log/$_srv_rmq_node.log" 40
}

# Wait until the node has booted, then make sure user `talent` exists.
_srv_rmq_local_finish() {
  local timeout="${TALENT_SERVER_START_TIMEOUT:-90}" start=$SECONDS rc
  local deadline=$((SECONDS + timeout))
  while :; do
    if [[ "$_srv_rmq_launched" == started ]] && ! kill -0 "$_srv_started_rmq_pid" 2>/dev/null; then
      rc=0
      wait "$_srv_started_rmq_pid" 2>/dev/null || rc=$?
      _srv_started_rmq_pid=""
      _srv_rmq_show_logs
      _srv_die "RabbitMQ exited during startup (exit code $rc); logs in $_srv_rmq_dir/log"
    fi
    # await_startup exits 69 at once while the node is not registered yet: poll it.
    if _srv_rmq_ctl await_startup --timeout 10 >/dev/null 2>&1; then break; fi
    if ((SECONDS >= deadline)); then
      _srv_rmq_show_logs
      _srv_die "RabbitMQ node $_srv_rmq_node did not finish booting within ${timeout}s"
    fi
    sleep 1
  done
  [[ "$_srv_rmq_launched" == started ]] && _srv_log "RabbitMQ booted in $((SECONDS - start))s"

  # User `talent` with full rights on vhost "/": created once per data dir / password.
  local marker="$_srv_rmq_dir/mnesia/.talent-user" want out
  want="$(printf 'talent:%s' "$_srv_rmq_password" | sha256sum | cut -c1-64)"
  if [[ "$(cat "$marker" 2>/dev/null || true)" != "$want" ]]; then
    _srv_log "RabbitMQ: creating user talent"
    if ! out="$(_srv_rmq_ctl -q add_user talent "$_srv_rmq_password" 2>&1)"; then
      if [[ "$out" != *already* ]] || ! out="$(_srv_rmq_ctl -q change_password talent "$_srv_rmq_password" 2>&1)"; then
        printf '%s\n' "$out" >&2
        _srv_die "could not create RabbitMQ user talent"
      fi
    fi
    if ! out="$(_srv_rmq_ctl -q set_permissions -p / talent '.*' '.*' '.*' 2>&1)" ||
      ! out="$(_srv_rmq_ctl -q set_user_tags talent administrator 2>&1)"; then
      printf '%s\n' "$out" >&2
      _srv_die "could not grant RabbitMQ user talent its permissions"
    fi
    printf '%s\n' "$want" >"$marker"
    chown rabbitmq:rabbitmq "$marker"
  fi
  # A fresh node has user guest/guest with every right, usable from this machine: remove it.
  local no_guest="$_srv_rmq_dir/mnesia/.talent-no-guest"
  if [[ ! -f "$no_guest" ]]; then
    if out="$(_srv_rmq_ctl -q delete_user guest 2>&1)" || [[ "$out" == *"does not exist"* || "$out" == *no_such_user* ]]; then
      date -u +%FT%TZ >"$no_guest"
      chown rabbitmq:rabbitmq "$no_guest"
    else
      _srv_warn "could not remove RabbitMQ user guest: $out"
    fi
  fi
  _srv_port_busy "$_srv_rmq_port" || _srv_die "RabbitMQ node $_srv_rmq_node runs but nothing listens on AMQP port $_srv_rmq_port (started with another TALENT_RABBITMQ_PORT?)"
  export TALENT_RABBITMQ="amqp://talent:$_srv_rmq_password@127.0.0.1:$_srv_rmq_port/"
  export TALENT_RABBITMQCTL="$TALENT_BROKER_CTL"
}

# =============================================================================================
# Public functions
# =============================================================================================

# Connection string with the password masked, for printing.
talent_redact() {
  sed -E 's/(Password=)[^;]*/\1***/; s#(amqp://[^:/@]*:)[^@]*@#\1***@#' <<<"$1"
}

provision_servers() {
  local need_pg=0 need_rmq=0
  [[ -n "${TALENT_POSTGRES:-}" ]] || need_pg=1
  [[ -n "${TALENT_RABBITMQ:-}" ]] || need_rmq=1
  mkdir -p "$TALENT_LOCAL"
  chmod 755 "$TALENT_LOCAL"
  ((need_pg)) || _srv_log "PostgreSQL: using TALENT_POSTGRES from the environment"
  if ((!need_rmq)); then
    _srv_log "RabbitMQ: using TALENT_RABBITMQ from the environment"
    [[ -n "${TALENT_RABBITMQCTL:-}" ]] || _srv_log "RabbitMQ: no TALENT_RABBITMQCTL set; broker fault tests have no control"
  fi

  if ((need_pg || need_rmq)); then
    _srv_lock
    if _srv_docker_available; then
      local services=()
      ((need_pg)) && services+=(postgres)
      ((need_rmq)) && services+=(rabbitmq)
      : "${TALENT_PG_PORT:=55432}" "${TALENT_RABBITMQ_PORT:=55672}" "${TALENT_RABBITMQ_MGMT_PORT:=55674}"
      _srv_docker_up "${services[@]}"
      if ((need_pg)); then
        export TALENT_POSTGRES="Host=127.0.0.1;Port=$TALENT_PG_PORT;Username=talent;Password=$TALENT_PG_PASSWORD;Database=postgres"
      fi
      if ((need_rmq)); then
        export TALENT_RABBITMQ="amqp://talent:$TALENT_RABBITMQ_PASSWORD@127.0.0.1:$TALENT_RABBITMQ_PORT/"
        mkdir -p "$(dirname "$TALENT_BROKER_STATE")"
        printf 'TALENT_BROKER_MODE=docker\nTALENT_BROKER_COMPOSE_FILE=%s\n' "$TALENT_COMPOSE_FILE" >"$TALENT_BROKER_STATE"
        export TALENT_RABBITMQCTL="$TALENT_BROKER_CTL"
      fi
    else
      # RabbitMQ boots slowest: launch it first, set PostgreSQL up meanwhile, then wait for it.
      ((need_rmq)) && _srv_rmq_local_launch
      ((need_pg)) && _srv_pg_local
      ((need_rmq)) && _srv_rmq_local_finish
    fi
    _srv_unlock
  fi

  export TALENT_POSTGRES TALENT_RABBITMQ
  if [[ -n "${TALENT_RABBITMQCTL:-}" ]]; then export TALENT_RABBITMQCTL; fi
  _srv_log "TALENT_POSTGRES=$(talent_redact "$TALENT_POSTGRES")"
  _srv_log "TALENT_RABBITMQ=$(talent_redact "$TALENT_RABBITMQ")"
  _srv_log "TALENT_RABBITMQCTL=${TALENT_RABBITMQCTL:-<unset>}"
}

# =============================================================================================
# Least privilege: a PostgreSQL login and a RabbitMQ user per host
# =============================================================================================

declare -gA TALENT_SERVICE_POSTGRES=() # host name -> Npgsql connection string of its own login and database
declare -gA TALENT_SERVICE_RABBITMQ=() # service name -> amqp:// URI of its own broker user

# The parts of an Npgsql connection string (TALENT_POSTGRES): sets _srv_pg_{host,port,user,password}.
_srv_pg_parse_admin() {
  local part key value
  local -a parts
  _srv_pg_host=127.0.0.1 _srv_pg_port=5432 _srv_pg_user="" _srv_pg_password=""
  IFS=';' read -ra parts <<<"$TALENT_POSTGRES"
  for part in "${parts[@]}"; do
    key="${part%%=*}" value="${part#*=}"
    case "${key,,}" in
      host | server) _srv_pg_host="$value" ;;
      port) _srv_pg_port="$value" ;;
      username | "user id" | userid | user) _srv_pg_user="$value" ;;
      password) _srv_pg_password="$value" ;;
      *) ;;
    esac
  done
  [[ -n "$_srv_pg_user" ]] || _srv_die "TALENT_POSTGRES names no Username"
}

# psql as the administrative login of TALENT_POSTGRES (SQL on stdin, extra psql arguments given).
_srv_admin_psql() {
  local psql=""
  if [[ -n "$_srv_pg_bin" && -x "$_srv_pg_bin/psql" ]]; then psql="$_srv_pg_bin/psql"; else psql="$(command -v psql || true)"; fi
  if [[ -n "$psql" ]]; then
    PGPASSWORD="$_srv_pg_password" PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 \
      -h "$_srv_pg_host" -p "$_srv_pg_port" -U "$_srv_pg_user" -d postgres "$@"
  elif _srv_docker_available; then
    _srv_compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -U "$_srv_pg_user" -d postgres "$@"
  else
    _srv_die "psql is needed to create the services' database logins (apt-get install postgresql-client)"
  fi
}

# Login <name> that owns database <name> and nothing else: no superuser, no CREATEDB/CREATEROLE, and no
# other login may connect to its database. Objects an earlier layout left to the administrative login in
# that database become the service's. The tests give their hosts the same layout (TestServers.CreateDatabaseLogin).
_srv_pg_service_login() { # login password
  local login="$1" password="$2"
  _srv_admin_psql -v login="$login" -v password="$password" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'login') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'login') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'login', :'password') \gexec
-- PostgreSQL 15 lets only a superuser name SUPERUSER or BYPASSRLS in ALTER ROLE, even to take them away, and a
-- login with CREATEROLE (the administrative login of ./deploy/up) can give neither: say them only when set.
SELECT format('ALTER ROLE %I WITH NOSUPERUSER NOBYPASSRLS', :'login') WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'login' AND (rolsuper OR rolbypassrls)) \gexec
-- PostgreSQL 15: only a member of a role may make it a database's owner.
SELECT format('GRANT %I TO CURRENT_USER', :'login') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'login', :'login') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'login') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'login', :'login') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'login') \gexec
\c :login
SELECT set_config('talent.login', :'login', false);
DO $$
DECLARE
  target text := current_setting('talent.login');
  statement text;
BEGIN
  -- Schemas first: a table's new owner needs CREATE on its schema (an Insights generation schema, say).
  FOR statement IN
    SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, target) FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND n.nspname NOT LIKE 'pg\_%' AND pg_get_userbyid(n.nspowner) <> target
  LOOP EXECUTE statement; END LOOP;
  FOR statement IN
    SELECT format('ALTER TABLE %s OWNER TO %I', c.oid::regclass, target) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      AND pg_get_userbyid(c.relowner) <> target
  LOOP EXECUTE statement; END LOOP;
  -- Sequences a table owns moved with it; the others move here.
  FOR statement IN
    SELECT format('ALTER SEQUENCE %s OWNER TO %I', c.oid::regclass, target) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND pg_get_userbyid(c.relowner) <> target
  LOOP EXECUTE statement; END LOOP;
  FOR statement IN
    SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, target) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND pg_get_userbyid(p.proowner) <> target
  LOOP EXECUTE statement; END LOOP;
END $$;
SQL
}

# Broker user <name> with the rights deploy/broker-permissions gives <service> (no prefix), through rabbitmqctl.
_srv_rmq_service_user() { # service user password
  local service="$1" user="$2" password="$3" line configure write readable marker want out
  line="$(grep -E "^$service[[:space:]]" "$TALENT_REPO_ROOT/deploy/broker-permissions" | head -n1)" ||
    _srv_die "deploy/broker-permissions has no line for $service"
  read -r _ configure write readable <<<"$line"
  configure="${configure//\{prefix\}/}" write="${write//\{prefix\}/}" readable="${readable//\{prefix\}/}"
  marker="$TALENT_LOCAL/rabbitmq/$user.applied"
  want="$(printf '%s\n' "$user" "$password" "$configure" "$write" "$readable" | sha256sum | cut -c1-64)"
  [[ "$(cat "$marker" 2>/dev/null || true)" == "$want" ]] && return 0
  _srv_log "RabbitMQ: user $user for $service (configure $configure, write $write, read $readable)"
  if ! out="$("$TALENT_BROKER_CTL" -q add_user "$user" "$password" 2>&1)"; then
    if [[ "$out" != *already* ]] || ! out="$("$TALENT_BROKER_CTL" -q change_password "$user" "$password" 2>&1)"; then
      printf '%s\n' "$out" >&2
      _srv_die "could not create RabbitMQ user $user"
    fi
  fi
  if ! out="$("$TALENT_BROKER_CTL" -q set_permissions -p / "$user" "$configure" "$write" "$readable" 2>&1)"; then
    printf '%s\n' "$out" >&2
    _srv_die "could not set the permissions of RabbitMQ user $user"
  fi
  printf '%s\n' "$want" >"$marker"
}

# After provision_servers: a database login for each host named (services and the gateway) and a broker user
# for each service, passwords generated once into .local/postgres/<login>.password and
# .local/rabbitmq/<user>.password. Fills TALENT_SERVICE_POSTGRES and TALENT_SERVICE_RABBITMQ.
provision_service_logins() { # host names...
  local name login broker="${TALENT_RABBITMQ#amqp://}"
  _srv_pg_parse_admin
  broker="${broker#*@}"
  for name in "$@"; do
    login="talent_$name"
    _srv_secret "$TALENT_LOCAL/postgres/$login.password"
    _srv_pg_service_login "$login" "$REPLY" || _srv_die "could not create the PostgreSQL login $login (the login of TALENT_POSTGRES needs CREATEROLE and CREATEDB)"
    TALENT_SERVICE_POSTGRES[$name]="Host=$_srv_pg_host;Port=$_srv_pg_port;Username=$login;Password=$REPLY;Database=$login"
    [[ "$name" == gateway ]] && continue
    [[ -n "${TALENT_RABBITMQCTL:-}" ]] ||
      _srv_die "creating the services' broker users needs rabbitmqctl for the broker of TALENT_RABBITMQ: set TALENT_RABBITMQCTL"
    _srv_secret "$TALENT_LOCAL/rabbitmq/talent-$name.password"
    _srv_rmq_service_user "$name" "talent-$name" "$REPLY"
    TALENT_SERVICE_RABBITMQ[$name]="amqp://talent-$name:$REPLY@$broker"
  done
  _srv_log "each host logs in as its own PostgreSQL login (talent_<host>) and RabbitMQ user (talent-<service>)"
}

# Name of a server this shell started that has died since (prints it, returns 1); else 0.
started_servers_alive() {
  if [[ -n "$_srv_started_rmq_pid" ]] && ! kill -0 "$_srv_started_rmq_pid" 2>/dev/null; then
    echo "RabbitMQ"
    return 1
  fi
  if [[ -n "$_srv_started_pg_pid" ]] && ! _srv_proc_is "$_srv_started_pg_pid" postgres; then
    echo "PostgreSQL"
    return 1
  fi
  return 0
}

# Stop what provision_servers started in this shell, and nothing else. Safe to call twice and
# from a trap.
stop_started_servers() {
  local pid i
  if [[ -n "$_srv_started_rmq_pid" ]]; then
    pid="$_srv_started_rmq_pid"
    _srv_started_rmq_pid=""
    if kill -0 "$pid" 2>/dev/null; then
      _srv_log "stopping RabbitMQ node ${_srv_rmq_node} (pid $pid)"
      if ! timeout 60 "$TALENT_BROKER_CTL" -q shutdown >/dev/null 2>&1; then
        _srv_warn "rabbitmqctl shutdown failed; sending SIGTERM to $pid"
        kill -TERM "$pid" 2>/dev/null || true
      fi
      for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
      if kill -0 "$pid" 2>/dev/null; then
        _srv_warn "RabbitMQ (pid $pid) still running after 30s; killing it"
        local beam
        beam="$(cat "$_srv_rmq_dir/mnesia/${_srv_rmq_node%%@*}.pid" 2>/dev/null || true)"
        _srv_proc_is "$beam" beam && kill -KILL "$beam" 2>/dev/null
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    wait "$pid" 2>/dev/null || true
  fi
  if [[ -n "$_srv_started_pg_data" ]]; then
    local data="$_srv_started_pg_data"
    _srv_started_pg_data=""
    _srv_started_pg_pid=""
    _srv_log "stopping PostgreSQL ($data)"
    _srv_as postgres "$_srv_pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 -s stop >&2 ||
      _srv_warn "pg_ctl stop failed for $data"
  fi
  if ((${#_srv_started_compose[@]})); then
    local services=("${_srv_started_compose[@]}")
    _srv_started_compose=()
    _srv_log "docker compose stop ${services[*]}"
    _srv_compose stop "${services[@]}" >&2 || _srv_warn "docker compose stop failed"
  fi
  return 0
}
