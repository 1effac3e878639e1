# Shared helpers for infra/local/*.sh and ./tsunagu. Source it; it defines functions and a few variables only.
#
# Conventions of every script that sources this file:
#   - errors go to stderr as "tsunagu: <what is wrong>. <how to fix it>" and exit non-zero;
#   - progress notes go to stderr too, so stdout carries only the KEY=value lines callers may eval or parse;
#   - all state (env files, pid files, logs, Kafka data) lives in one state directory, $TSUNAGU_STATE_DIR.

# The repository root: infra/local/lib.sh is two levels below it.
TSUNAGU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034
TSUNAGU_LOCAL="$TSUNAGU_ROOT/infra/local"

die() {
  echo "tsunagu: $*" >&2
  exit 1
}

note() {
  echo "tsunagu: $*" >&2
}

# The state directory, absolute and created (with logs/), exported so child scripts agree on it.
init_state_dir() {
  local dir="${TSUNAGU_STATE_DIR:-$TSUNAGU_ROOT/.tsunagu}"
  mkdir -p "$dir/logs" || die "cannot create the state directory $dir. Set TSUNAGU_STATE_DIR to a writable directory."
  TSUNAGU_STATE_DIR="$(cd "$dir" && pwd)"
  TSUNAGU_LOGS="$TSUNAGU_STATE_DIR/logs"
  export TSUNAGU_STATE_DIR TSUNAGU_LOGS
}

# Serialises start/stop of one component: two test JVMs or a test and a launcher may race otherwise.
# The lock is on fd 9; daemons started while it is held must be given `9>&-` or they keep it forever.
take_lock() {
  local name="$1"
  exec 9>"$TSUNAGU_STATE_DIR/$name.lock"
  flock -w 300 9 || die "another tsunagu command holds $TSUNAGU_STATE_DIR/$name.lock for over 5 minutes."
}

# ---------------------------------------------------------------------------------------------------------
# JDK discovery: Maven, Kafka and the services need Java 21 or newer, while the machine's default java may be
# older (Debian 12 ships 17). Prefer JAVA_HOME when it is new enough (the user's choice), else the newest
# JDK >= 21 found in the usual install locations.

# Prints the major version of the JDK at $1 (e.g. 25), or nothing when it is not a JDK.
java_major() {
  local home="$1" version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -f "$home/release" ]]; then
    # The release file is read without starting a JVM: JAVA_VERSION="25.0.1"
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
  fi
  if [[ -z "$version" ]]; then
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  version="${version#1.}" # 1.8.0 -> 8.0
  echo "${version%%[.+-]*}"
}

# Prints the home of a JDK >= 21, or dies naming what is missing and how to get it.
find_jdk() {
  local min=21 best="" best_major=0 candidate major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge "$min" ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  local java_on_path=""
  if command -v javac >/dev/null 2>&1; then
    java_on_path="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/jdk* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$java_on_path"; do
    [[ -n "$candidate" && -d "$candidate" && ! -L "$candidate" ]] || continue
    major="$(java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge "$min" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [[ -z "$best" ]]; then
    die "no JDK $min or newer found (looked at JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks).
  Install one, e.g. 'apt-get install -y openjdk-21-jdk-headless' (Debian 13+/Ubuntu) or a Temurin 21/25 JDK,
  then re-run, or point JAVA_HOME at it."
  fi
  echo "$best"
}

# use_jdk: find_jdk, then export it as JAVA_HOME and first on PATH (the launcher's and the benchmarks' builds).
use_jdk() {
  JAVA_HOME="$(find_jdk)"
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
}

# ---------------------------------------------------------------------------------------------------------
# Ports and waiting

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a port on 127.0.0.1 that nothing listens on. Picks from 20000-32767, below Linux's ephemeral range
# (32768+), so the port is not one the kernel is about to hand an outgoing connection.
free_port() {
  local port _
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12768))
    if ! port_open "$port" && ! port_bound "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "no free TCP port found on 127.0.0.1 after 200 tries."
}

# True when a listening socket is bound to port $1 on any address (ss sees sockets that refuse us, too).
port_bound() {
  command -v ss >/dev/null 2>&1 || return 1
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

# A port: the given one, else the last one while still free (stable across restarts), else a new free one;
# never one of the ports in $3 (a space-separated list already chosen for the same server).
choose_port() {
  local given="$1" file="$2" avoid=" ${3:-} " port
  if [[ -n "$given" ]]; then
    echo "$given"
    return 0
  fi
  if [[ -f "$file" ]]; then
    port="$(cat "$file")"
    if [[ "$avoid" != *" $port "* ]] && ! port_open "$port" && ! port_bound "$port"; then
      echo "$port"
      return 0
    fi
  fi
  port="$(free_port)"
  while [[ "$avoid" == *" $port "* ]]; do
    port="$(free_port)"
  done
  echo "$port"
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; returns 1 after SECONDS.
# A COMMAND that exits 255 says "this will never succeed" (the process died): wait_for returns 255 at once.
wait_for() {
  local seconds="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + seconds)) rc
  while true; do
    rc=0
    "$@" >/dev/null 2>&1 || rc=$?
    if ((rc == 0)); then
      return 0
    fi
    if ((rc == 255)); then
      return 255
    fi
    if ((SECONDS >= deadline)); then
      note "gave up after ${seconds}s waiting for $what."
      return 1
    fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------------------
# Processes

# True when the pid file $1 names a live process.
pid_alive() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# stop_pid PIDFILE NAME SECONDS: SIGTERM, wait up to SECONDS for a clean exit, then SIGKILL.
stop_pid() {
  local pidfile="$1" name="$2" seconds="$3" pid
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    return 0
  fi
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for "$seconds" "$name (pid $pid) to exit" pid_gone "$pid"; then
    note "killing $name (pid $pid)."
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 "$name (pid $pid) to die" pid_gone "$pid" || die "$name (pid $pid) survived SIGKILL."
  fi
  rm -f "$pidfile"
}

pid_gone() {
  ! kill -0 "$1" 2>/dev/null
}

# Prints the last lines of a log file, indented, for error messages.
log_tail() {
  local file="$1" lines="${2:-30}"
  if [[ -f "$file" ]]; then
    echo "--- last $lines lines of $file:"
    tail -n "$lines" "$file" | sed 's/^/  /'
  fi
}

# A random password of letters and digits (no quoting needed in env files, URLs or config).
random_secret() {
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n'
  echo
}

# Replaces file $1 with stdin atomically, so readers never see half a file.
write_atomically() {
  local target="$1"
  cat >"$target.tmp.$$"
  mv -f "$target.tmp.$$" "$target"
}

# foreign_channel_vars SERVICE: the variables of this environment that configure a stream channel
# (MP_MESSAGING_INCOMING_<CHANNEL>_..., MP_MESSAGING_OUTGOING_<CHANNEL>_...) SERVICE does not have. Reactive Messaging
# would take such a variable for a channel of its own, without a connector, and fail at start (SRMSG00071); so each
# service gets only the overrides of its own channels (those its application.properties configures).
foreign_channel_vars() {
  local name prefix own
  local -a prefixes
  mapfile -t prefixes < <(sed -nE 's/^mp\.messaging\.(incoming|outgoing)\.([^.]+)\..*/MP_MESSAGING_\1_\2_/p' \
    "$TSUNAGU_ROOT/$1/src/main/resources/application.properties" | tr 'a-z-' 'A-Z_' | sort -u)
  for name in $(compgen -e | grep -E '^MP_MESSAGING_(INCOMING|OUTGOING)_' || true); do
    own=""
    for prefix in "${prefixes[@]}"; do
      [[ "$name" == "$prefix"* ]] && own=yes
    done
    [[ -n "$own" ]] || echo "$name"
  done
}
