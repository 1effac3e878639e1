#!/usr/bin/env bash
# A local RabbitMQ (Debian's rabbitmq-server, with the MQTT plugin) to compare Tsunagu with: the reference for
# AMQP 0-9-1 behaviour (issue 5) and a benchmark baseline (issue 6). Run as a plain process, never the system
# service: own node name, own Erlang cookie, data and config in the state directory, 127.0.0.1 only, and free
# ports for AMQP, MQTT, Erlang distribution and a private epmd, so it clashes with no other RabbitMQ or Erlang.
#
#   rabbitmq.sh start        start (or find running) and print the env lines below
#   rabbitmq.sh stop         stop the node (rabbitmqctl stop, else SIGTERM/SIGKILL) and its epmd; data is kept
#   rabbitmq.sh status       print the env lines and exit 0 when running, exit 3 when stopped
#   rabbitmq.sh env          same as status (for `eval "$(rabbitmq.sh env)"`)
#   rabbitmq.sh ctl ARGS...  run rabbitmqctl against this node (e.g. `ctl list_queues name messages`)
#   rabbitmq.sh destroy      stop and delete the node's data
#
# Env lines ($TSUNAGU_STATE_DIR/rabbitmq.env, present only while the node runs):
#   RABBITMQ_AMQP_PORT RABBITMQ_MQTT_PORT RABBITMQ_DIST_PORT RABBITMQ_EPMD_PORT RABBITMQ_NODENAME
#   RABBITMQ_AMQP_URI (guest/guest, vhost "/")
# Inputs: TSUNAGU_STATE_DIR (default <repo>/.tsunagu); TSUNAGU_RABBITMQ_AMQP_PORT, TSUNAGU_RABBITMQ_MQTT_PORT,
#   TSUNAGU_RABBITMQ_DIST_PORT, TSUNAGU_RABBITMQ_EPMD_PORT (default: free ports, the last ones while still free);
#   TSUNAGU_RABBITMQ_EXTRA_CONF: lines appended to rabbitmq.conf (e.g. 'max_message_size = 1048576').
# Logs: $TSUNAGU_STATE_DIR/logs/rabbitmq.log (console) and $TSUNAGU_STATE_DIR/logs/rabbitmq/ (the node's own).
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

init_state_dir
RABBIT_LOG="$TSUNAGU_LOGS/rabbitmq.log"
RABBIT_ENV="$TSUNAGU_STATE_DIR/rabbitmq.env"
RABBIT_PID="$TSUNAGU_STATE_DIR/rabbitmq.pid"
RABBIT_HOME="$TSUNAGU_STATE_DIR/rabbitmq"
# Debian's /usr/sbin wrappers switch to the rabbitmq user and the system node's settings; these run as the caller.
RABBIT_BIN=/usr/lib/rabbitmq/bin
# A short name on "localhost": the node is only reached from this machine, whatever its host name resolves to.
RABBIT_NODENAME="tsunagu-rabbit@localhost"

# Installs Debian's package when we may (CI runs as root on a fresh machine), else says how.
# Where a system runs services on install, Debian may also start its own node: it uses the standard ports
# and epmd 4369, none of which this node touches.
ensure_rabbitmq() {
  if [[ -x "$RABBIT_BIN/rabbitmq-server" && -x "$RABBIT_BIN/rabbitmqctl" ]]; then
    return 0
  fi
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "RabbitMQ not found ($RABBIT_BIN/rabbitmq-server is missing).
  Install it: 'sudo apt-get install -y rabbitmq-server' (Debian/Ubuntu), then re-run."
  fi
  note "RabbitMQ not found: installing Debian's rabbitmq-server package (log: $RABBIT_LOG)."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends rabbitmq-server >>"$RABBIT_LOG" 2>&1 </dev/null; then
    apt-get update >>"$RABBIT_LOG" 2>&1 </dev/null || true
    apt-get install -y --no-install-recommends rabbitmq-server >>"$RABBIT_LOG" 2>&1 </dev/null ||
      die "apt-get install -y rabbitmq-server failed.
$(log_tail "$RABBIT_LOG" 20)"
  fi
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || die "rabbitmq-server installed but $RABBIT_BIN/rabbitmq-server is missing."
}

# The node's settings, read by rabbitmq-server and rabbitmqctl alike (both must agree on the node name, the
# cookie in $HOME and the epmd port, or rabbitmqctl cannot find the node).
export_node_env() {
  local epmd_port="$1" dist_port="$2"
  export HOME="$RABBIT_HOME"
  export RABBITMQ_NODENAME="$RABBIT_NODENAME"
  # Our own (empty) env file instead of /etc/rabbitmq/rabbitmq-env.conf, which belongs to the system node.
  export RABBITMQ_CONF_ENV_FILE="$RABBIT_HOME/rabbitmq-env.conf"
  export RABBITMQ_CONFIG_FILE="$RABBIT_HOME/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_HOME/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_HOME/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$RABBIT_HOME/mnesia"
  export RABBITMQ_PID_FILE="$RABBIT_HOME/node.pid"
  export RABBITMQ_LOG_BASE="$TSUNAGU_LOGS/rabbitmq"
  # The distribution port (also in rabbitmq.conf): without it RabbitMQ takes the AMQP port + 20000.
  export RABBITMQ_DIST_PORT="$dist_port"
  export ERL_EPMD_PORT="$epmd_port"
  # epmd is started by the first Erlang VM that needs it and inherits this: loopback only.
  export ERL_EPMD_ADDRESS=127.0.0.1
}

# True when the pid file names a live rabbitmq-server (not some other process that reused the pid).
is_running() {
  pid_alive "$RABBIT_PID" && grep -q 'rabbitmq-server' "/proc/$(cat "$RABBIT_PID")/cmdline" 2>/dev/null
}


write_config() {
  local amqp_port="$1" mqtt_port="$2" dist_port="$3"
  mkdir -p "$RABBIT_HOME/mnesia" "$TSUNAGU_LOGS/rabbitmq"
  : >"$RABBIT_HOME/rabbitmq-env.conf"
  # The MQTT plugin: an MQTT publish to a/b/c is routed through amq.topic with key a.b.c, as Tsunagu does.
  echo '[rabbitmq_mqtt].' | write_atomically "$RABBIT_HOME/enabled_plugins"
  write_atomically "$RABBIT_HOME/rabbitmq.conf" <<EOF
# Generated by infra/local/rabbitmq.sh on each start (the ports may change); edits are lost.
listeners.tcp.default = 127.0.0.1:$amqp_port
mqtt.listeners.tcp.default = 127.0.0.1:$mqtt_port
# Erlang distribution (rabbitmqctl talks to the node through it): one fixed port.
distribution.listener.interface = 127.0.0.1
distribution.listener.port_range.min = $dist_port
distribution.listener.port_range.max = $dist_port
# guest/guest (RabbitMQ's default user, vhost "/") may log in, from loopback only, as RabbitMQ's default.
loopback_users.guest = true
# MQTT clients without credentials log in as guest.
mqtt.allow_anonymous = true
mqtt.default_user = guest
mqtt.default_pass = guest
mqtt.vhost = /
mqtt.exchange = amq.topic
# Logs to $TSUNAGU_LOGS/rabbitmq/ only; the console log would duplicate them.
log.file.level = info
log.console = false
${TSUNAGU_RABBITMQ_EXTRA_CONF:-}
EOF
  # The cookie authenticates rabbitmqctl to the node; our own, not the system node's (/var/lib/rabbitmq).
  if [[ ! -s "$RABBIT_HOME/.erlang.cookie" ]]; then
    (umask 077 && random_secret | tr -d '\n' >"$RABBIT_HOME/.erlang.cookie")
    chmod 400 "$RABBIT_HOME/.erlang.cookie"
  fi
}

write_env() {
  local amqp_port="$1" mqtt_port="$2" dist_port="$3" epmd_port="$4"
  write_atomically "$RABBIT_ENV" <<EOF
RABBITMQ_AMQP_PORT=$amqp_port
RABBITMQ_MQTT_PORT=$mqtt_port
RABBITMQ_DIST_PORT=$dist_port
RABBITMQ_EPMD_PORT=$epmd_port
RABBITMQ_NODENAME=$RABBIT_NODENAME
RABBITMQ_AMQP_URI=amqp://guest:guest@127.0.0.1:$amqp_port/%2F
EOF
}

# Ready check: the AMQP listener opens last in RabbitMQ's boot, the MQTT one when its plugin has started.
# 255 = the node died. Only the pid counts here (see kafka.sh's broker_answers).
node_answers() {
  pid_alive "$RABBIT_PID" || return 255
  port_open "$1" && port_open "$2"
}

# The pid of the process listening on 127.0.0.1:$1, from ss (empty when none or ss cannot tell).
listener_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

# Stops the private epmd on port $1 (only that one: it is ours, no other node registers there).
stop_epmd() {
  local port="$1" pid
  [[ -n "$port" ]] || return 0
  pid="$(listener_pid "$port")"
  if [[ -n "$pid" ]] && grep -q 'epmd' "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_for 10 "epmd (pid $pid) to exit" pid_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  fi
}

cmd_start() {
  take_lock rabbitmq
  ensure_rabbitmq
  if is_running && [[ -f "$RABBIT_ENV" ]]; then
    cat "$RABBIT_ENV"
    return 0
  fi
  stop_pid "$RABBIT_PID" rabbitmq 30 # a half-started node whose env file is missing
  mkdir -p "$RABBIT_HOME"
  # An epmd outlives a node that was killed: free its port before choosing ports again.
  [[ -f "$RABBIT_HOME/epmd.port" ]] && stop_epmd "$(cat "$RABBIT_HOME/epmd.port")"
  local amqp_port mqtt_port dist_port epmd_port
  amqp_port="$(choose_port "${TSUNAGU_RABBITMQ_AMQP_PORT:-}" "$RABBIT_HOME/amqp.port")"
  mqtt_port="$(choose_port "${TSUNAGU_RABBITMQ_MQTT_PORT:-}" "$RABBIT_HOME/mqtt.port" "$amqp_port")"
  dist_port="$(choose_port "${TSUNAGU_RABBITMQ_DIST_PORT:-}" "$RABBIT_HOME/dist.port" "$amqp_port $mqtt_port")"
  epmd_port="$(choose_port "${TSUNAGU_RABBITMQ_EPMD_PORT:-}" "$RABBIT_HOME/epmd.port" \
    "$amqp_port $mqtt_port $dist_port")"
  echo "$amqp_port" >"$RABBIT_HOME/amqp.port"
  echo "$mqtt_port" >"$RABBIT_HOME/mqtt.port"
  echo "$dist_port" >"$RABBIT_HOME/dist.port"
  echo "$epmd_port" >"$RABBIT_HOME/epmd.port"
  write_config "$amqp_port" "$mqtt_port" "$dist_port"
  export_node_env "$epmd_port" "$dist_port"
  note "starting RabbitMQ node $RABBIT_NODENAME: AMQP 127.0.0.1:$amqp_port, MQTT 127.0.0.1:$mqtt_port, epmd $epmd_port (log: $RABBIT_LOG)."
  # setsid: its own session, so a Ctrl-C meant for a caller does not reach it. 9>&- keeps our lock ours.
  setsid "$RABBIT_BIN/rabbitmq-server" >>"$RABBIT_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$RABBIT_PID"
  local rc=0
  wait_for 120 "RabbitMQ to listen on 127.0.0.1:$amqp_port and :$mqtt_port" \
    node_answers "$amqp_port" "$mqtt_port" || rc=$?
  if ((rc != 0)); then
    stop_pid "$RABBIT_PID" rabbitmq 10
    stop_epmd "$epmd_port"
    die "RabbitMQ did not start (ports $amqp_port, $mqtt_port).
$(log_tail "$RABBIT_LOG" 20)
$(log_tail "$TSUNAGU_LOGS/rabbitmq/$RABBIT_NODENAME.log" 30)"
  fi
  write_env "$amqp_port" "$mqtt_port" "$dist_port" "$epmd_port"
  cat "$RABBIT_ENV"
}

cmd_stop() {
  take_lock rabbitmq
  rm -f "$RABBIT_ENV"
  local epmd_port="" dist_port=""
  [[ -f "$RABBIT_HOME/epmd.port" ]] && epmd_port="$(cat "$RABBIT_HOME/epmd.port")"
  [[ -f "$RABBIT_HOME/dist.port" ]] && dist_port="$(cat "$RABBIT_HOME/dist.port")"
  if is_running; then
    note "stopping RabbitMQ."
    export_node_env "$epmd_port" "$dist_port"
    # A clean stop through the node itself; the pid route below if it does not answer.
    timeout 60 "$RABBIT_BIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" >>"$RABBIT_LOG" 2>&1 </dev/null 9>&- || true
    stop_pid "$RABBIT_PID" rabbitmq 30
  fi
  rm -f "$RABBIT_PID"
  stop_epmd "$epmd_port"
}

cmd_status() {
  if is_running && [[ -f "$RABBIT_ENV" ]]; then
    cat "$RABBIT_ENV"
    return 0
  fi
  note "RabbitMQ is not running (state: $TSUNAGU_STATE_DIR)."
  return 3
}

cmd_ctl() {
  if ! is_running || [[ ! -f "$RABBIT_HOME/epmd.port" ]]; then
    die "RabbitMQ is not running. Run '$0 start' first."
  fi
  export_node_env "$(cat "$RABBIT_HOME/epmd.port")" "$(cat "$RABBIT_HOME/dist.port")"
  "$RABBIT_BIN/rabbitmqctl" "$@"
}

cmd_destroy() {
  cmd_stop
  note "deleting $RABBIT_HOME."
  rm -rf "$RABBIT_HOME"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status | env) cmd_status ;;
  ctl)
    shift
    cmd_ctl "$@"
    ;;
  destroy | clean) cmd_destroy ;;
  *) die "usage: $0 start|stop|status|env|ctl ARGS...|destroy" ;;
esac
