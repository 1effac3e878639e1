#!/usr/bin/env bash
# Benchmarks: Tsunagu side by side with Mosquitto and RabbitMQ (with its MQTT plugin), on this machine, in one run.
#
#   ./tsunagu bench [s1 s2 s3 s4 s5 s6 | all]     (this script; default: all)
#
# Builds what is needed, starts the reference brokers from Debian's packages (infra/local/mosquitto.sh and
# rabbitmq.sh, installed when missing and running as root) and the whole Tsunagu platform (`./tsunagu run`: PostgreSQL,
# Kafka, the services) on free loopback ports, runs the load generator (bench/, io.tsunagu.bench.Bench) against all of
# them interleaved, writes each scenario's section of BENCHMARKS.md, and stops and deletes everything it started,
# scenario by scenario.
#
# Settings (environment): BENCH_RUNS (3), BENCH_WARMUP (5 s), BENCH_SECONDS (15 s measured per run), BENCH_WINDOW
# (1000 messages in flight per subscriber in S1/S2), BENCH_S4_CONNECTIONS (50000), BENCH_S5_MESSAGES (200000),
# TSUNAGU_BENCH_JAVA_OPTS (Tsunagu's service JVMs, default -Xmx1g), TSUNAGU_BENCH_STATE_DIR (.tsunagu/bench).
# The generator's log: $TSUNAGU_BENCH_STATE_DIR/logs/bench.log; the systems' logs beside it.
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/infra/local/lib.sh"
cd "$TSUNAGU_ROOT"

export TSUNAGU_STATE_DIR="${TSUNAGU_BENCH_STATE_DIR:-$TSUNAGU_ROOT/.tsunagu/bench}"
init_state_dir
BENCH_LOG="$TSUNAGU_LOGS/bench.log"
PLATFORM_LOG="$TSUNAGU_LOGS/platform.log"
PLATFORM_PID="$TSUNAGU_STATE_DIR/bench-platform.pid"

# 50,000 connections need as many descriptors in the generator and in each broker (they inherit this limit). Where
# the hard limit cannot be raised (a container without CAP_SYS_RESOURCE), S4 opens as many as it allows, less 1,000
# for everything else, and BENCHMARKS.md says how many.
raise_open_files() {
  local want=1048576 hard
  hard="$(ulimit -Hn)"
  if [[ "$hard" != unlimited ]] && ((hard < want)); then
    ulimit -Hn "$want" 2>/dev/null || true
  fi
  hard="$(ulimit -Hn)"
  [[ "$hard" == unlimited ]] && hard="$want"
  ulimit -Sn "$hard" 2>/dev/null || true
  local allowed=$(($(ulimit -Sn) - 1000))
  if [[ -z "${BENCH_S4_CONNECTIONS:-}" ]] && ((allowed < 50000)); then
    export BENCH_S4_CONNECTIONS="$allowed"
    note "only $(ulimit -Sn) open files per process allowed here (hard limit): S4 opens $allowed connections, not 50,000."
  fi
}

build() {
  note "building the services and the load generator (log: $TSUNAGU_LOGS/build.log)."
  mvn -B -q -DskipTests -pl storage-service,routing-service,ingest-service,frontend-web,bench -am package \
    >"$TSUNAGU_LOGS/build.log" 2>&1 || die "the build failed.
$(log_tail "$TSUNAGU_LOGS/build.log" 40)"
}

start_references() {
  local mosquitto_env rabbitmq_env
  # Deep enough queues that Mosquitto never drops what the closed loop has in flight (BENCH_WINDOW).
  mosquitto_env="$(TSUNAGU_MOSQUITTO_EXTRA_CONF='max_queued_messages 100000' "$TSUNAGU_LOCAL/mosquitto.sh" start)"
  rabbitmq_env="$("$TSUNAGU_LOCAL/rabbitmq.sh" start)"
  eval "$mosquitto_env"
  eval "$rabbitmq_env"
}

# `./tsunagu run` in the background on free ports; returns once it printed its endpoints.
start_tsunagu() {
  local name port taken=""
  for name in FRONTEND INGEST ROUTING STORAGE MQTT MQTT_TLS WS WSS AMQP; do
    port="$(choose_port "" /dev/null "$taken")"
    taken="$taken $port"
    export "TSUNAGU_${name}_PORT=$port"
  done
  export TSUNAGU_JAVA_OPTS="${TSUNAGU_BENCH_JAVA_OPTS:--Xmx1g}"
  note "starting Tsunagu (log: $PLATFORM_LOG)."
  setsid "$TSUNAGU_ROOT/tsunagu" run >"$PLATFORM_LOG" 2>&1 </dev/null &
  echo $! >"$PLATFORM_PID"
  wait_for 300 "Tsunagu to start" platform_running || die "Tsunagu did not start.
$(log_tail "$PLATFORM_LOG" 40)"
}

platform_running() {
  pid_alive "$PLATFORM_PID" || return 255
  grep -q 'Tsunagu is running' "$PLATFORM_LOG"
}

stop_systems() {
  note "stopping Tsunagu, Mosquitto and RabbitMQ; deleting their data."
  "$TSUNAGU_ROOT/tsunagu" clean >>"$PLATFORM_LOG" 2>&1 || true
  "$TSUNAGU_LOCAL/mosquitto.sh" stop || true
  "$TSUNAGU_LOCAL/rabbitmq.sh" destroy || true
}

stop_all() {
  trap - EXIT INT TERM
  set +e
  stop_systems
}

systems() {
  local mosquitto rabbitmq kafka
  mosquitto="$(dpkg-query -W -f='${Version}' mosquitto 2>/dev/null || echo '?')"
  rabbitmq="$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?')"
  kafka="$(sed -n 's/^KAFKA_VERSION=//p' "$TSUNAGU_LOCAL/kafka.sh")"
  echo "Tsunagu $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+changes')" \
    "(services with ${TSUNAGU_JAVA_OPTS}, PostgreSQL $("$TSUNAGU_PG_BIN/postgres" --version | awk '{print $3}'), Kafka $kafka," \
    "all on this machine); Mosquitto $mosquitto and RabbitMQ $rabbitmq with its MQTT plugin, from Debian's packages," \
    "default settings (Mosquitto: max_queued_messages 100000)."
}

run_generator() {
  local pg_env
  pg_env="$("$TSUNAGU_LOCAL/postgres.sh" env)"
  eval "$pg_env"
  note "running $* (log: $BENCH_LOG)."
  env BENCH_TSUNAGU_MQTT_PORT="$TSUNAGU_MQTT_PORT" \
    BENCH_TSUNAGU_AMQP_URI="amqp://guest:guest@127.0.0.1:$TSUNAGU_AMQP_PORT/%2F" \
    BENCH_TSUNAGU_PID="$TSUNAGU_STATE_DIR/services/ingest-service.pid" \
    BENCH_MOSQUITTO_MQTT_PORT="$MOSQUITTO_PORT" BENCH_MOSQUITTO_PID="$TSUNAGU_STATE_DIR/mosquitto.pid" \
    BENCH_RABBITMQ_MQTT_PORT="$RABBITMQ_MQTT_PORT" BENCH_RABBITMQ_AMQP_URI="$RABBITMQ_AMQP_URI" \
    BENCH_RABBITMQ_PID="$TSUNAGU_STATE_DIR/rabbitmq/node.pid" \
    BENCH_PG_URL="jdbc:postgresql://$TSUNAGU_PG_HOST:$TSUNAGU_PG_PORT/tsunagu" \
    BENCH_PG_USER="$TSUNAGU_PG_USER" BENCH_PG_PASSWORD="$TSUNAGU_PG_PASSWORD" \
    BENCH_REPORT="$TSUNAGU_ROOT/BENCHMARKS.md" BENCH_COMMAND="./tsunagu bench $COMMAND_LINE" BENCH_SYSTEMS="$(systems)" \
    "$JAVA_HOME/bin/java" -Xmx2g -jar bench/target/tsunagu-bench.jar "$@" 2>&1 | tee -a "$BENCH_LOG" >&2
  return "${PIPESTATUS[0]}"
}

# Every scenario gets freshly started systems: what one leaves behind (RabbitMQ still closing S4's connections, a
# broker's grown heap, Kafka's and PostgreSQL's data) must not weigh on the next.
main() {
  (($# > 0)) || set -- all
  COMMAND_LINE="$*"
  (($# == 1)) && [[ "$1" == all ]] && set -- s4 s1 s2 s3 s5 s6
  use_jdk
  raise_open_files
  build
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  local scenario
  for scenario in "$@"; do
    start_references
    start_tsunagu
    run_generator "$scenario"
    stop_systems
  done
}

main "$@"
