#!/usr/bin/env bash
# A real single-node Apache Kafka 4.x broker on 127.0.0.1 for local runs and tests: KRaft mode
# (one JVM that is broker and controller), started from the jars Maven resolves for
# build-support/kafka-broker/pom.xml. No Docker, no Kafka download.
#
#   scripts/kafka-local.sh start            format the data directory if new, start, wait until the
#                                           broker answers, create the job's topics
#   scripts/kafka-local.sh status           running or not, cluster id, topics (exit 3: stopped)
#   scripts/kafka-local.sh stop             SIGTERM, wait for a clean shutdown, report
#   scripts/kafka-local.sh kill             SIGKILL, as a crash: no shutdown at all (for tests)
#   scripts/kafka-local.sh topics [ARGS]    kafka-topics (default: --list)
#   scripts/kafka-local.sh consume TOPIC [ARGS]   kafka-console-consumer, read_committed, from the
#                                           beginning, with partition, offset and key
#   scripts/kafka-local.sh produce TOPIC [ARGS]   kafka-console-producer (one record per line)
#
# Environment (defaults in brackets):
#   KAFKA_LOCAL_DIR [.kafka-local]  data, logs, config and pid file
#   KAFKA_PORT [9092]  KAFKA_CONTROLLER_PORT [9093]  both on 127.0.0.1 only
#   KAFKA_TOPICS [the job's input and output topics]  topics that start creates; empty for none
#   KAFKA_PARTITIONS [2]  partitions of the topics that start creates
#   KAFKA_HEAP [-Xms256m -Xmx512m]  KAFKA_START_TIMEOUT [60] seconds  KAFKA_STOP_TIMEOUT [30] seconds
#   KAFKA_WATCH_PID  stop the broker when this process ends (the tests give their own JVM's pid)
#   MVN [mvn]  KAFKA_MVN_ARGS  the Maven that resolves the broker's classpath, and extra arguments
#   JAVA_HOME  the JDK that runs the broker (Java 17 or newer)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_TOPICS=${KAFKA_TOPICS-ops.servicenow ops.puppet ops.chef ops.panos ops.splunk ops.solarwinds ops.alertmanager ops.events outage.alerts outage.dead-letters outage.model-versions outage.scores outage.labels outage.delivery-dead-letters}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-2}
KAFKA_HEAP=${KAFKA_HEAP:--Xms256m -Xmx512m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-60}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
MVN=${MVN:-mvn}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

mkdir -p "${KAFKA_LOCAL_DIR:-.kafka-local}"
dir=$(cd "${KAFKA_LOCAL_DIR:-.kafka-local}" && pwd)
bootstrap=127.0.0.1:$KAFKA_PORT
pid_file=$dir/kafka.pid
watcher_pid_file=$dir/watcher.pid
support=$PWD/build-support/kafka-broker
cache=target/kafka-broker
# Short-lived tool JVMs: start fast, never mind peak speed.
TOOL_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Dlog4j2.shutdownHookEnabled=false
  "-Dlog4j2.configurationFile=$support/log4j2-tools.properties")

# The broker's classpath, resolved by Maven once and cached in target/ (re-resolved when the POM
# changes or a jar has gone from the local repository). The first run downloads about 60 MB.
broker_classpath() {
  local file=$cache/classpath.txt
  if [[ -f "$file" && ! "$support/pom.xml" -nt "$file" ]] && all_exist "$(cat "$file")"; then
    cat "$file"
    return
  fi
  echo "Resolving the Kafka broker's jars with Maven ($support/pom.xml)..." >&2
  mkdir -p "$cache"
  local tmp
  tmp=$(mktemp "$cache/classpath.XXXXXX")
  # shellcheck disable=SC2086 # KAFKA_MVN_ARGS is a list of arguments
  "$MVN" -B -q -Dstyle.color=never -f "$support/pom.xml" ${KAFKA_MVN_ARGS:-} dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$tmp" >&2
  mv "$tmp" "$file"
  cat "$file"
}

all_exist() {
  local jar
  IFS=: read -ra jars <<< "$1"
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || return 1; done
}

# The admin helper (wait until ready, create topics, describe), compiled against the classpath.
admin() {
  local cp=$1; shift
  local classes=$cache/admin-classes
  if [[ ! -f "$classes/LocalKafkaAdmin.class" || "$support/LocalKafkaAdmin.java" -nt "$classes/LocalKafkaAdmin.class" ]]; then
    mkdir -p "$classes"
    "${JAVA}c" -nowarn -d "$classes" -cp "$cp" "$support/LocalKafkaAdmin.java"
  fi
  "$JAVA" "${TOOL_OPTS[@]}" -cp "$classes:$cp" LocalKafkaAdmin "$@"
}

# The pid of the running broker of this directory, or nothing. Checks the command line, so that a
# stale pid file never names somebody else's process.
running_pid() {
  [[ -f "$pid_file" ]] || return 0
  local pid
  pid=$(cat "$pid_file")
  if ps -p "$pid" -o args= 2>/dev/null | grep -qF "kafka.Kafka $dir/config/server.properties"; then
    echo "$pid"
  fi
}

write_config() {
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  cat > "$dir/config/server.properties" <<EOF
# Written by scripts/kafka-local.sh on each start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=$KAFKA_PARTITIONS
# Topics are created on purpose (start, or the tests), so a misspelt topic name fails loudly.
auto.create.topics.enable=false
# One node: every internal topic has one replica. Fewer partitions than the defaults (50) make
# the first consumer group and the first transaction start in well under a second.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# The longest transaction a producer may ask for (Kafka's default, 15 min): the job's
# kafka.transaction-timeout must stay below it.
transaction.max.timeout.ms=900000
group.initial.rebalance.delay.ms=0
EOF
}

start() {
  local pid
  pid=$(running_pid)
  if [[ -n "$pid" ]]; then
    echo "Kafka is already running (pid $pid) on $bootstrap; data in $dir"
    return
  fi
  local started=$SECONDS cp
  cp=$(broker_classpath)
  if [[ -f "$dir/ports" && "$(cat "$dir/ports")" != "$KAFKA_CONTROLLER_PORT" ]]; then
    echo "The data in $dir belongs to a controller on port $(cat "$dir/ports");" \
      "start with KAFKA_CONTROLLER_PORT=$(cat "$dir/ports"), or delete $dir" >&2
    exit 1
  fi
  write_config
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    # A random cluster id as Kafka makes them: 16 random bytes, URL-safe base64, no padding, not
    # starting with '-' (which a command line would take for an option).
    local cluster_id=-
    while [[ $cluster_id == -* ]]; do
      cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    done
    "$JAVA" "${TOOL_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format \
      --config "$dir/config/server.properties" --cluster-id "$cluster_id" --standalone >/dev/null
    echo "$KAFKA_CONTROLLER_PORT" > "$dir/ports"
    echo "Formatted $dir/data (cluster id $cluster_id)"
  fi
  # The classpath goes in the environment, which keeps the command line short enough for ps to
  # show whole (running_pid matches it).
  # shellcheck disable=SC2086 # KAFKA_HEAP is a list of JVM options
  CLASSPATH="$cp" nohup "$JAVA" $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$dir/logs" -Dlog4j2.configurationFile="$support/log4j2-broker.properties" \
    kafka.Kafka "$dir/config/server.properties" \
    < /dev/null > "$dir/logs/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$pid_file"
  if [[ -n "${KAFKA_WATCH_PID:-}" ]]; then
    # Stops the broker when the watched process (a test JVM) ends, however it ends.
    nohup bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
      kill -TERM "$2" 2>/dev/null || exit 0
      sleep "$3"; kill -KILL "$2" 2>/dev/null || true' \
      kafka-local-watcher "$KAFKA_WATCH_PID" "$pid" "$KAFKA_STOP_TIMEOUT" \
      < /dev/null > /dev/null 2>&1 &
    echo $! > "$watcher_pid_file"
  fi
  # shellcheck disable=SC2086 # KAFKA_TOPICS is a list of names
  if ! admin "$cp" ready "$bootstrap" "$KAFKA_START_TIMEOUT" "$pid" "$KAFKA_PARTITIONS" $KAFKA_TOPICS; then
    echo "Kafka did not start; its first errors and the end of $dir/logs/server.log:" >&2
    grep -m 5 -E '^\[[^]]*\] (ERROR|FATAL)' "$dir/logs/server.log" >&2 2>/dev/null || true
    tail -n 30 "$dir/logs/server.log" "$dir/logs/stdout.log" >&2 2>/dev/null || true
    stop >&2
    exit 1
  fi
  echo "Kafka $(kafka_version "$cp") is running (pid $pid) on $bootstrap, started in" \
    "$((SECONDS - started)) s; data and logs in $dir"
}

kafka_version() {
  local jar
  IFS=: read -ra jars <<< "$1"
  for jar in "${jars[@]}"; do
    if [[ $jar =~ /kafka_2\.13-([^/]+)\.jar$ ]]; then echo "${BASH_REMATCH[1]}"; return; fi
  done
}

# The running broker's pid, once the watcher that would stop it with the tests' JVM is stopped;
# empty (and the pid file gone) if no broker runs.
broker_to_take_down() {
  local pid
  pid=$(running_pid)
  if [[ -f "$watcher_pid_file" ]]; then
    kill "$(cat "$watcher_pid_file")" 2>/dev/null || true
    rm -f "$watcher_pid_file"
  fi
  [[ -n "$pid" ]] || rm -f "$pid_file"
  echo "$pid"
}

stop() {
  local pid seconds
  pid=$(broker_to_take_down)
  if [[ -z "$pid" ]]; then
    echo "Kafka is not running (data in $dir)"
    return
  fi
  if seconds=$(terminate "$pid" "$KAFKA_STOP_TIMEOUT"); then
    echo "Kafka (pid $pid) stopped cleanly in $seconds s"
  else
    echo "Kafka (pid $pid) did not stop within $KAFKA_STOP_TIMEOUT s and was killed;" \
      "see $dir/logs/server.log" >&2
  fi
  rm -f "$pid_file"
}

kill_broker() {
  local pid
  pid=$(broker_to_take_down)
  if [[ -z "$pid" ]]; then
    echo "Kafka is not running (data in $dir)"
    return
  fi
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$pid_file"
  echo "Kafka (pid $pid) killed (SIGKILL)"
}

status() {
  local pid
  pid=$(running_pid)
  if [[ -z "$pid" ]]; then
    echo "Kafka is not running (data in $dir)"
    exit 3
  fi
  echo "Kafka is running (pid $pid) on $bootstrap; data and logs in $dir"
  admin "$(broker_classpath)" describe "$bootstrap"
}

tool() {
  local class=$1; shift
  [[ -n "$(running_pid)" ]] || { echo "Kafka is not running (start it: $0 start)" >&2; exit 3; }
  "$JAVA" "${TOOL_OPTS[@]}" -cp "$(broker_classpath)" "$class" --bootstrap-server "$bootstrap" "$@"
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case "$command" in
  start) start ;;
  stop) stop ;;
  kill) kill_broker ;;
  status) status ;;
  topics) if [[ $# -eq 0 ]]; then set -- --list; fi
          tool org.apache.kafka.tools.TopicCommand "$@" ;;
  consume) [[ $# -ge 1 ]] || { echo "usage: $0 consume TOPIC [ARGS]" >&2; exit 2; }
           topic=$1; shift
           tool org.apache.kafka.tools.consumer.ConsoleConsumer --topic "$topic" --from-beginning \
             --isolation-level read_committed --formatter-property print.partition=true \
             --formatter-property print.offset=true --formatter-property print.key=true "$@" ;;
  produce) [[ $# -ge 1 ]] || { echo "usage: $0 produce TOPIC [ARGS]" >&2; exit 2; }
           topic=$1; shift
           tool org.apache.kafka.tools.ConsoleProducer --topic "$topic" "$@" ;;
  *) sed -n '2,25p' "$0"; [[ -z "$command" || "$command" == -h || "$command" == --help ]] || exit 2 ;;
esac
