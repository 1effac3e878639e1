#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and the launcher: own data directory, 127.0.0.1 only, a free port,
# scram-sha-256 with a generated password. No Docker, no system service: Debian's binaries run directly.
#
#   postgres.sh start          start (or find running) and print the env lines below
#   postgres.sh stop           stop the server; data is kept
#   postgres.sh status         print the env lines and exit 0 when running, exit 3 when stopped
#   postgres.sh env            same as status (for `eval "$(postgres.sh env)"`)
#   postgres.sh createdb NAME  create database NAME if it does not exist (server must be running)
#   postgres.sh destroy        stop and delete the data directory
#
# Env lines ($TSUNAGU_STATE_DIR/postgres.env, present only while the server runs):
#   TSUNAGU_PG_HOST TSUNAGU_PG_PORT TSUNAGU_PG_USER TSUNAGU_PG_PASSWORD TSUNAGU_PG_DATA TSUNAGU_PG_BIN
# Inputs: TSUNAGU_STATE_DIR (default <repo>/.tsunagu), TSUNAGU_PG_PORT (default: a free port),
#   TSUNAGU_PG_USER (default tsunagu). Server log: $TSUNAGU_STATE_DIR/logs/postgres.log.
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

init_state_dir
PG_LOG="$TSUNAGU_LOGS/postgres.log"
PG_ENV="$TSUNAGU_STATE_DIR/postgres.env"
# Where the data lives (a path outside the repository, see create_cluster), the password and the last port.
PG_ROOT_FILE="$TSUNAGU_STATE_DIR/postgres.root"
PG_SECRET_FILE="$TSUNAGU_STATE_DIR/postgres.secret"
PG_PORT_FILE="$TSUNAGU_STATE_DIR/postgres.port"
PG_USER="${TSUNAGU_PG_USER:-tsunagu}"

# Debian's binaries: pg_config knows them when installed; otherwise take the newest /usr/lib/postgresql/N.
find_pg_bin() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && dir="$(pg_config --bindir 2>/dev/null)" && [[ -x "$dir/initdb" ]]; then
    echo "$dir"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# Installs Debian's server package when we may (CI runs as root on a fresh machine), else says how.
ensure_pg_bin() {
  if PG_BIN="$(find_pg_bin)"; then
    return 0
  fi
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "PostgreSQL server binaries (initdb, pg_ctl) not found in 'pg_config --bindir' or /usr/lib/postgresql/*/bin.
  Install them: 'sudo apt-get install -y postgresql' (Debian/Ubuntu), then re-run."
  fi
  note "PostgreSQL server binaries not found: installing Debian's postgresql package (log: $PG_LOG)."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y postgresql >>"$PG_LOG" 2>&1; then
    apt-get update >>"$PG_LOG" 2>&1 || true
    apt-get install -y postgresql >>"$PG_LOG" 2>&1 || die "apt-get install -y postgresql failed.
$(log_tail "$PG_LOG" 20)"
  fi
  PG_BIN="$(find_pg_bin)" || die "postgresql installed but initdb was not found under /usr/lib/postgresql/*/bin."
}

# initdb and pg_ctl refuse to run as root: as root, run them as the postgres user (made by Debian's package).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data_dir() {
  echo "$(cat "$PG_ROOT_FILE")/data"
}

is_running() {
  [[ -f "$PG_ROOT_FILE" && -d "$(data_dir)" ]] || return 1
  as_pg "$PG_BIN/pg_ctl" status -D "$(data_dir)" >/dev/null 2>&1
}

# A new cluster in a directory the server's user owns. Not inside the repository: a clone made by
# `mktemp -d` is mode 0700 and owned by root, so the postgres user could not even traverse into it.
create_cluster() {
  local root pwfile
  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root, but there is no 'postgres' user to run the server as (initdb refuses root).
  Install Debian's postgresql package ('apt-get install -y postgresql'), which creates it."
  fi
  root="$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-pg.XXXXXX")"
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$root"
  fi
  chmod 700 "$root"
  (umask 077 && random_secret >"$PG_SECRET_FILE")
  # initdb reads the superuser's password from a file, which the postgres user must be able to read.
  pwfile="$root/pwfile"
  (umask 077 && cat "$PG_SECRET_FILE" >"$pwfile")
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$pwfile"
  fi
  note "creating a PostgreSQL cluster in $root/data (initdb, log: $PG_LOG)."
  if ! as_pg "$PG_BIN/initdb" -D "$root/data" -U "$PG_USER" --auth=scram-sha-256 --pwfile="$pwfile" \
      --encoding=UTF8 --no-locale >>"$PG_LOG" 2>&1 </dev/null; then
    rm -rf "$root"
    die "initdb failed.
$(log_tail "$PG_LOG" 20)"
  fi
  rm -f "$pwfile"
  # Loopback only; the socket inside the data directory (not /var/run/postgresql, which may not exist or be
  # someone else's); fsync stays on because durability tests kill and restart things around this server.
  as_pg tee -a "$root/data/postgresql.conf" >/dev/null <<EOF

# --- tsunagu (infra/local/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$root/data'
fsync = on
synchronous_commit = on
max_connections = 200
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  echo "$root" >"$PG_ROOT_FILE"
}


write_env() {
  local port="$1"
  write_atomically "$PG_ENV" <<EOF
TSUNAGU_PG_HOST=127.0.0.1
TSUNAGU_PG_PORT=$port
TSUNAGU_PG_USER=$PG_USER
TSUNAGU_PG_PASSWORD=$(cat "$PG_SECRET_FILE")
TSUNAGU_PG_DATA=$(data_dir)
TSUNAGU_PG_BIN=$PG_BIN
EOF
}

# The port the running server listens on (from its postmaster.pid, line 4), so `start` can re-print it.
running_port() {
  as_pg sed -n '4p' "$(data_dir)/postmaster.pid"
}

cmd_start() {
  take_lock postgres
  ensure_pg_bin
  if is_running; then
    [[ -f "$PG_ENV" ]] || write_env "$(running_port)"
    cat "$PG_ENV"
    return 0
  fi
  if [[ ! -f "$PG_ROOT_FILE" || ! -f "$(data_dir)/PG_VERSION" || ! -f "$PG_SECRET_FILE" ]]; then
    create_cluster
  fi
  local port
  port="$(choose_port "${TSUNAGU_PG_PORT:-}" "$PG_PORT_FILE")"
  echo "$port" >"$PG_PORT_FILE"
  note "starting PostgreSQL on 127.0.0.1:$port (log: $PG_LOG)."
  # Without -l the server writes to pg_ctl's stdout: our log file, opened here by us, so the postgres user
  # needs no access to the state directory. 9>&- keeps the server from inheriting (and holding) our lock.
  if ! as_pg "$PG_BIN/pg_ctl" start -D "$(data_dir)" -w -t 60 -o "-p $port" >>"$PG_LOG" 2>&1 </dev/null 9>&-; then
    die "PostgreSQL did not start on 127.0.0.1:$port.
$(log_tail "$PG_LOG" 30)"
  fi
  wait_for 30 "PostgreSQL to accept connections" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" ||
    die "PostgreSQL started but does not accept connections on 127.0.0.1:$port.
$(log_tail "$PG_LOG" 30)"
  write_env "$port"
  cat "$PG_ENV"
}

# cmd_stop MODE: fast = roll back open transactions and shut down cleanly; immediate = no checkpoint (the next
# start recovers from the WAL), used when the data is deleted next anyway, or when fast hangs.
cmd_stop() {
  take_lock postgres
  rm -f "$PG_ENV"
  find_pg_bin >/dev/null 2>&1 || return 0
  PG_BIN="$(find_pg_bin)"
  is_running || return 0
  note "stopping PostgreSQL."
  if ! as_pg "$PG_BIN/pg_ctl" stop -D "$(data_dir)" -m "$1" -w -t 60 >>"$PG_LOG" 2>&1 </dev/null; then
    note "PostgreSQL did not stop within 60s; stopping it with -m immediate."
    as_pg "$PG_BIN/pg_ctl" stop -D "$(data_dir)" -m immediate -w -t 30 >>"$PG_LOG" 2>&1 </dev/null ||
      die "PostgreSQL would not stop.
$(log_tail "$PG_LOG" 20)"
  fi
}

cmd_status() {
  if find_pg_bin >/dev/null 2>&1 && PG_BIN="$(find_pg_bin)" && is_running && [[ -f "$PG_ENV" ]]; then
    cat "$PG_ENV"
    return 0
  fi
  note "PostgreSQL is not running (state: $TSUNAGU_STATE_DIR)."
  return 3
}

cmd_createdb() {
  local name="${1:-}"
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "createdb: '$name' is not a database name we create (lower case letters, digits, _)."
  [[ -f "$PG_ENV" ]] || die "createdb: PostgreSQL is not running (no $PG_ENV). Run '$0 start' first."
  # shellcheck disable=SC1090
  source "$PG_ENV"
  if ! db_exists "$name"; then
    # Two callers may race: if CREATE fails, it is fine as long as the database exists now.
    pg_sql "CREATE DATABASE \"$name\"" >/dev/null 2>&1 || db_exists "$name" ||
      die "createdb: could not create database $name: $(pg_sql "CREATE DATABASE \"$name\"" 2>&1)"
  fi
  echo "TSUNAGU_PG_DATABASE=$name"
}

# Runs one SQL statement over TCP as the superuser (the password from the environment, never a command line).
pg_sql() {
  PGPASSWORD="$TSUNAGU_PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$TSUNAGU_PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
    -h "$TSUNAGU_PG_HOST" -p "$TSUNAGU_PG_PORT" -U "$TSUNAGU_PG_USER" -d postgres -c "$1"
}

db_exists() {
  [[ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$1'")" == "1" ]]
}

cmd_destroy() {
  cmd_stop immediate
  if [[ -f "$PG_ROOT_FILE" ]]; then
    note "deleting $(cat "$PG_ROOT_FILE")."
    rm -rf "$(cat "$PG_ROOT_FILE")"
  fi
  rm -f "$PG_ROOT_FILE" "$PG_SECRET_FILE" "$PG_PORT_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop fast ;;
  status | env) cmd_status ;;
  createdb) cmd_createdb "${2:-}" ;;
  destroy | clean) cmd_destroy ;;
  *) die "usage: $0 start|stop|status|env|createdb NAME|destroy" ;;
esac
