#!/usr/bin/env bash
# A single-node Kafka (KRaft, broker and controller in one JVM) for tests and the launcher, run from Kafka's
# jars on Maven Central: no Docker and no Kafka download exist here, Maven Central does.
#
#   kafka.sh start     start (or find running), create the tsunagu streams, print the env lines below
#   kafka.sh stop      stop the broker (SIGTERM, bounded wait, then SIGKILL); data is kept
#   kafka.sh status    print the env lines and exit 0 when running, exit 3 when stopped
#   kafka.sh env       same as status (for `eval "$(kafka.sh env)"`)
#   kafka.sh topics    list the topics
#   kafka.sh destroy   stop and delete the broker's data
#
# Env lines ($TSUNAGU_STATE_DIR/kafka.env, present only while the broker runs):
#   KAFKA_BOOTSTRAP_SERVERS TSUNAGU_KAFKA_PORT TSUNAGU_KAFKA_CONTROLLER_PORT TSUNAGU_JAVA_HOME
# Inputs: TSUNAGU_STATE_DIR (default <repo>/.tsunagu), TSUNAGU_KAFKA_PORT and TSUNAGU_KAFKA_CONTROLLER_PORT
#   (default: free ports), TSUNAGU_KAFKA_LIBS (jar cache, default ~/.cache/tsunagu/kafka-<version>).
#   Broker log: $TSUNAGU_STATE_DIR/logs/kafka.log; jar download log: $TSUNAGU_STATE_DIR/logs/kafka-libs.log.
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Keep in step with infra/local/kafka/pom.xml and the kafka-clients version of the Quarkus BOM.
KAFKA_VERSION=4.1.2
KAFKA_POM="$TSUNAGU_LOCAL/kafka/pom.xml"
KAFKA_LOG4J="$TSUNAGU_LOCAL/kafka/log4j2.properties"

init_state_dir
KAFKA_LOG="$TSUNAGU_LOGS/kafka.log"
KAFKA_ENV="$TSUNAGU_STATE_DIR/kafka.env"
KAFKA_PID="$TSUNAGU_STATE_DIR/kafka.pid"
KAFKA_HOME="$TSUNAGU_STATE_DIR/kafka"
KAFKA_LIBS="${TSUNAGU_KAFKA_LIBS:-${XDG_CACHE_HOME:-$HOME/.cache}/tsunagu/kafka-$KAFKA_VERSION}"

# The streams every service expects (contracts' Streams): partitions spread publishes over consumers; the
# session and retained streams keep only the latest record per client or topic, so they are compacted; the session
# queue carries messages for offline sessions on their way into PostgreSQL; the topology stream is AMQP's exchanges,
# queues and bindings as storage-service commits them (compacted: the latest record of each entity, tombstones).
# AMQP queues: their messages and the commands for their owners (consume, ack...) have the same partition count,
# so one member of routing's queue group holds both halves of a queue; their progress is compacted.
TOPICS=(
  "tsunagu.publish --partitions 6"
  "tsunagu.session --partitions 3 --config cleanup.policy=compact"
  "tsunagu.retained --partitions 3 --config cleanup.policy=compact"
  "tsunagu.session-queue --partitions 6"
  "tsunagu.topology --partitions 3 --config cleanup.policy=compact"
  "tsunagu.queue --partitions 12"
  "tsunagu.queue-control --partitions 12"
  "tsunagu.queue-state --partitions 12 --config cleanup.policy=compact"
)

# Fetches the broker jars once into a cache shared by every state directory (reused across runs and clones).
# The cache is rebuilt when the pom changes; it is filled in a temporary folder and renamed, so an
# interrupted download never leaves half a classpath behind.
ensure_libs() {
  local stamp
  stamp="$(sha256sum "$KAFKA_POM" | cut -d ' ' -f 1)"
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$stamp" ]]; then
    return 0
  fi
  mkdir -p "$(dirname "$KAFKA_LIBS")"
  exec 8>"$KAFKA_LIBS.lock"
  flock -w 600 8 || die "another process holds $KAFKA_LIBS.lock for over 10 minutes."
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$stamp" ]]; then
    exec 8>&-
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found; it fetches the Kafka broker jars.
  Install it: 'apt-get install -y maven', then re-run."
  note "fetching Kafka $KAFKA_VERSION jars into $KAFKA_LIBS (once; log: $TSUNAGU_LOGS/kafka-libs.log)."
  local tmp="$KAFKA_LIBS.tmp.$$"
  rm -rf "$tmp"
  if ! JAVA_HOME="$JAVA_HOME_21" mvn -B -f "$KAFKA_POM" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
      >"$TSUNAGU_LOGS/kafka-libs.log" 2>&1 </dev/null; then
    rm -rf "$tmp"
    die "could not fetch the Kafka jars with Maven.
$(log_tail "$TSUNAGU_LOGS/kafka-libs.log" 20)"
  fi
  echo "$stamp" >"$tmp/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  exec 8>&-
}

# Runs one of Kafka's command-line tools (class $1) quietly, with a JVM tuned for a short life.
kafka_tool() {
  local main="$1"
  shift
  "$JAVA_HOME_21/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J" -Dtsunagu.log.level=warn \
    -cp "$KAFKA_LIBS/*" "$main" "$@"
}

# True when the pid file names a live Kafka broker (not some other process that reused the pid).
is_running() {
  pid_alive "$KAFKA_PID" && grep -q 'kafka\.Kafka' "/proc/$(cat "$KAFKA_PID")/cmdline" 2>/dev/null
}


write_config() {
  local port="$1" controller_port="$2"
  mkdir -p "$KAFKA_HOME/data"
  write_atomically "$KAFKA_HOME/server.properties" <<EOF
# Generated by infra/local/kafka.sh on each start (the ports may change); edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_HOME/data

# One node: every replication factor is 1.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions than the defaults (50): the first consumer group is ready sooner.
offsets.topic.num.partitions=6
transaction.state.log.num.partitions=6

# Records up to 4 MiB: a publish record is an MQTT packet (ingest's max-packet-size, 1 MiB by default) plus its
# fields, and a delivery record adds the recipients on top of that.
message.max.bytes=4194304
replica.fetch.max.bytes=4194304

# Tests: topics appear on first use, consumer groups form without the 3 s wait.
auto.create.topics.enable=true
num.partitions=1
group.initial.rebalance.delay.ms=0
EOF
}

write_env() {
  local port="$1" controller_port="$2"
  write_atomically "$KAFKA_ENV" <<EOF
KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$port
TSUNAGU_KAFKA_PORT=$port
TSUNAGU_KAFKA_CONTROLLER_PORT=$controller_port
TSUNAGU_JAVA_HOME=$JAVA_HOME_21
EOF
}

# A fresh data directory must be formatted with a cluster id before KRaft starts (once; kept across restarts).
format_storage() {
  [[ -f "$KAFKA_HOME/data/meta.properties" ]] && return 0
  # A cluster id is 16 random bytes in URL-safe base64 without padding, as `StorageTool random-uuid` prints;
  # made here to save a JVM start. Like Kafka, avoid a leading '-', which would read as a command-line option.
  local cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_HOME/server.properties" \
    >>"$KAFKA_LOG" 2>&1 || die "formatting Kafka's storage failed.
$(log_tail "$KAFKA_LOG" 20)"
}

create_topics() {
  local bootstrap="$1" topic
  for topic in "${TOPICS[@]}"; do
    # shellcheck disable=SC2086 # each entry is a topic name followed by its options
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create --if-not-exists \
      --replication-factor 1 --topic $topic >>"$KAFKA_LOG" 2>&1 || die "could not create topic ${topic%% *}.
$(log_tail "$KAFKA_LOG" 20)"
  done
}

# Ready check: the broker opens its client port only once it has caught up with its metadata. 255 = died.
# Only liveness of the pid just started counts here: is_running's command-line check would see the forked shell
# for an instant before it becomes java, and take a starting broker for a dead one.
broker_answers() {
  pid_alive "$KAFKA_PID" || return 255
  port_open "$1"
}

cmd_start() {
  take_lock kafka
  JAVA_HOME_21="$(find_jdk)"
  if is_running && [[ -f "$KAFKA_ENV" ]]; then
    cat "$KAFKA_ENV"
    return 0
  fi
  ensure_libs
  stop_pid "$KAFKA_PID" kafka 30 # a half-started broker whose env file is missing
  local port controller_port
  port="$(choose_port "${TSUNAGU_KAFKA_PORT:-}" "$KAFKA_HOME/port")"
  controller_port="$(choose_port "${TSUNAGU_KAFKA_CONTROLLER_PORT:-}" "$KAFKA_HOME/controller.port" "$port")"
  write_config "$port" "$controller_port"
  echo "$port" >"$KAFKA_HOME/port"
  echo "$controller_port" >"$KAFKA_HOME/controller.port"
  format_storage
  note "starting Kafka on 127.0.0.1:$port (log: $KAFKA_LOG)."
  # setsid: the broker gets its own session, so a Ctrl-C meant for ./tsunagu does not reach it before the
  # launcher stops things in order. 9>&- keeps it from holding our lock; the console goes to the log.
  setsid "$JAVA_HOME_21/bin/java" -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J" -Dkafka.logs.dir="$TSUNAGU_LOGS" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_HOME/server.properties" \
    >>"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID"
  local rc=0
  wait_for 120 "Kafka to listen on 127.0.0.1:$port" broker_answers "$port" || rc=$?
  if ((rc == 255)); then
    rm -f "$KAFKA_PID"
    die "Kafka exited while starting.
$(log_tail "$KAFKA_LOG" 40)"
  elif ((rc != 0)); then
    stop_pid "$KAFKA_PID" kafka 10
    die "Kafka did not open 127.0.0.1:$port within 120s.
$(log_tail "$KAFKA_LOG" 40)"
  fi
  create_topics "127.0.0.1:$port"
  write_env "$port" "$controller_port"
  cat "$KAFKA_ENV"
}

# cmd_stop SECONDS: SIGTERM, then SIGKILL after SECONDS.
cmd_stop() {
  take_lock kafka
  rm -f "$KAFKA_ENV"
  if is_running; then
    note "stopping Kafka."
    stop_pid "$KAFKA_PID" kafka "$1"
  fi
  rm -f "$KAFKA_PID"
}

cmd_status() {
  if is_running && [[ -f "$KAFKA_ENV" ]]; then
    cat "$KAFKA_ENV"
    return 0
  fi
  note "Kafka is not running (state: $TSUNAGU_STATE_DIR)."
  return 3
}

cmd_topics() {
  [[ -f "$KAFKA_ENV" ]] || die "Kafka is not running (no $KAFKA_ENV). Run '$0 start' first."
  # shellcheck disable=SC1090
  source "$KAFKA_ENV"
  JAVA_HOME_21="$TSUNAGU_JAVA_HOME"
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list
}

cmd_destroy() {
  # The data goes anyway: no need to wait long for a clean shutdown (test JVMs call this at exit, and
  # Surefire kills a fork that takes over 30 s to exit).
  cmd_stop 5
  note "deleting $KAFKA_HOME."
  rm -rf "$KAFKA_HOME"
}

case "${1:-}" in
  start) cmd_start ;;
  # A clean shutdown flushes and closes the logs, so the next start skips log recovery: allow it 30 s.
  stop) cmd_stop 30 ;;
  status | env) cmd_status ;;
  topics) cmd_topics ;;
  destroy | clean) cmd_destroy ;;
  *) die "usage: $0 start|stop|status|env|topics|destroy" ;;
esac
