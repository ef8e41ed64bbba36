#!/usr/bin/env bash
# A real multi-process Flink 1.20 session cluster on 127.0.0.1: one JobManager
# (StandaloneSessionClusterEntrypoint) and N TaskManagers (TaskManagerRunner), each a JVM of its
# own, started from the Flink jars Maven resolves (target/classpath-provided.txt; flink-dist is not
# used) with the configuration in config/cluster/. Jobs go in with scripts/submit.sh.
#
#   scripts/flink-local-cluster.sh start [--taskmanagers N]   start the JobManager unless it runs,
#                                       then TaskManagers until N run (default 2); waits until the
#                                       REST API lists every new one
#   scripts/flink-local-cluster.sh status        processes, TaskManagers and jobs (exit 3: stopped)
#   scripts/flink-local-cluster.sh stop          SIGTERM to the TaskManagers, then the JobManager
#   scripts/flink-local-cluster.sh kill-taskmanager [ID]   SIGKILL to one TaskManager (the oldest
#                                       if no ID, e.g. tm-1): a machine failure, for drills and tests
#
# Environment (defaults in brackets):
#   FLINK_CLUSTER_DIR [.flink-cluster]  pid files, logs, checkpoints, savepoints, temporary files
#   FLINK_CONF_DIR [config/cluster]  config.yaml and log4j.properties
#   FLINK_REST_PORT [8081]  FLINK_RPC_PORT [6123]  FLINK_PROM_PORTS [9249-9259]  on 127.0.0.1
#   FLINK_PROPERTIES  more settings, one "key: value" a line (as the official flink image takes them)
#   FLINK_START_TIMEOUT [120] seconds  FLINK_STOP_TIMEOUT [30] seconds
#   FLINK_WATCH_PID  stop the cluster when this process ends (the tests give their own JVM's pid)
#   FLINK_CLASSPATH  Flink's jars (default: Maven's provided scope, as scripts/common.sh resolves it)
#   JAVA_HOME  the JDK that runs the cluster (Java 17)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

FLINK_CONF_DIR=$(cd "${FLINK_CONF_DIR:-config/cluster}" && pwd)
FLINK_REST_PORT=${FLINK_REST_PORT:-8081}
FLINK_RPC_PORT=${FLINK_RPC_PORT:-6123}
FLINK_PROM_PORTS=${FLINK_PROM_PORTS:-9249-9259}
FLINK_START_TIMEOUT=${FLINK_START_TIMEOUT:-120}
FLINK_STOP_TIMEOUT=${FLINK_STOP_TIMEOUT:-30}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

mkdir -p "${FLINK_CLUSTER_DIR:-.flink-cluster}"
dir=$(cd "${FLINK_CLUSTER_DIR:-.flink-cluster}" && pwd)
rest=http://127.0.0.1:$FLINK_REST_PORT
config=$FLINK_CONF_DIR/config.yaml

# A memory size of config.yaml in MiB (the file gives them as <n>m).
mebibytes() {
  local value
  value=$(sed -n "s/^$1: *\([0-9][0-9]*\)m *$/\1/p" "$config")
  [[ -n "$value" ]] || { echo "$config has no $1 in MiB (e.g. $1: 128m)" >&2; exit 1; }
  echo "$value"
}

# The dynamic properties (-D key=value) every process of this cluster gets: its ports and
# directories, then FLINK_PROPERTIES.
dynamic_properties() {
  local -n out=$1
  out=(-D "rest.port=$FLINK_REST_PORT" -D "jobmanager.rpc.port=$FLINK_RPC_PORT"
    -D "metrics.reporter.prom.port=$FLINK_PROM_PORTS"
    -D "execution.checkpointing.dir=file://$dir/checkpoints"
    -D "execution.checkpointing.savepoint-dir=file://$dir/savepoints")
  local line key value
  while IFS= read -r line; do
    [[ "$line" =~ ^[[:space:]]*([^:#[:space:]][^:]*):[[:space:]]*(.*[^[:space:]])[[:space:]]*$ ]] || continue
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    out+=(-D "$key=$value")
  done <<< "${FLINK_PROPERTIES:-}"
}

# The pid in a pid file if that process is this cluster's (its command line names this directory,
# so a stale pid file never names somebody else's process), else nothing.
live_pid() {
  [[ -f "$1" ]] || return 0
  local pid
  pid=$(cat "$1")
  if ps -p "$pid" -o args= 2>/dev/null | grep -qF -- "-Doutage.cluster.dir=$dir "; then
    echo "$pid"
  fi
}

# Starts one JVM in the background; prints its pid. The classpath goes in the environment, which
# keeps the command line short enough for ps to show whole (live_pid matches it).
launch() {
  local name=$1; shift
  mkdir -p "$dir/log" "$dir/tmp/$name"
  CLASSPATH="$classpath" nohup "$JAVA" "${JAVA_OPENS[@]}" -Doutage.cluster.dir="$dir" \
    -XX:+UseG1GC -Djava.awt.headless=true -Dlog.file="$dir/log/$name.log" \
    -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j.properties" "$@" \
    < /dev/null > "$dir/log/$name.out" 2>&1 &
  echo $!
}

start_jobmanager() {
  local pid
  pid=$(live_pid "$dir/jobmanager.pid")
  if [[ -n "$pid" ]]; then
    echo "JobManager is already running (pid $pid) on $rest"
    return
  fi
  local heap props=()
  heap=$(mebibytes jobmanager.memory.heap.size)
  dynamic_properties props
  pid=$(launch jobmanager -Xms${heap}m -Xmx${heap}m \
    -XX:MaxMetaspaceSize="$(mebibytes jobmanager.memory.jvm-metaspace.size)m" \
    -XX:MaxDirectMemorySize="$(mebibytes jobmanager.memory.off-heap.size)m" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$FLINK_CONF_DIR" "${props[@]}" -D "io.tmp.dirs=$dir/tmp/jobmanager")
  echo "$pid" > "$dir/jobmanager.pid"
  watch_if_asked
  if ! wait_until "$pid" jobmanager "curl -sf $rest/overview"; then
    exit 1
  fi
  echo "JobManager is running (pid $pid): dashboard and REST API on $rest"
}

start_taskmanager() {
  local next=1 id pid props=()
  [[ -f "$dir/taskmanager.next" ]] && next=$(cat "$dir/taskmanager.next")
  echo $((next + 1)) > "$dir/taskmanager.next"
  id=tm-$next
  local heap direct
  heap=$(($(mebibytes taskmanager.memory.framework.heap.size) + $(mebibytes taskmanager.memory.task.heap.size)))
  direct=$(($(mebibytes taskmanager.memory.framework.off-heap.size) + $(mebibytes taskmanager.memory.task.off-heap.size) + $(mebibytes taskmanager.memory.network.max)))
  dynamic_properties props
  pid=$(launch "taskmanager-$id" -Xms${heap}m -Xmx${heap}m -XX:MaxDirectMemorySize=${direct}m \
    -XX:MaxMetaspaceSize="$(mebibytes taskmanager.memory.jvm-metaspace.size)m" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$FLINK_CONF_DIR" "${props[@]}" -D "taskmanager.resource-id=$id" \
    -D "io.tmp.dirs=$dir/tmp/taskmanager-$id")
  echo "$pid" > "$dir/taskmanager-$id.pid"
  echo "$id $pid"
}

# Waits until a check command succeeds while the process lives; on failure prints its log's end.
wait_until() {
  local pid=$1 name=$2 check=$3 deadline=$((SECONDS + FLINK_START_TIMEOUT))
  until eval "$check" > /dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null || [[ $SECONDS -ge $deadline ]]; then
      echo "$name (pid $pid) did not come up within $FLINK_START_TIMEOUT s; the end of its log:" >&2
      tail -n 30 "$dir/log/$name.log" "$dir/log/$name.out" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.5
  done
}

# Pid files of the TaskManagers that run, oldest first.
live_taskmanagers() {
  local file
  for file in $(ls -tr "$dir"/taskmanager-tm-*.pid 2>/dev/null); do
    if [[ -n "$(live_pid "$file")" ]]; then echo "$file"; else rm -f "$file"; fi
  done
}

start() {
  local wanted=2
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --taskmanagers) wanted=$2; shift 2 ;;
      *) echo "Unexpected argument '$1'" >&2; exit 2 ;;
    esac
  done
  local started=$SECONDS
  classpath=${FLINK_CLASSPATH:-$(maven_classpath provided)}
  start_jobmanager
  local running new=() entry id pid
  running=$(live_taskmanagers | wc -l)
  for ((i = running; i < wanted; i++)); do
    entry=$(start_taskmanager)
    new+=("$entry")
  done
  for entry in "${new[@]}"; do
    read -r id pid <<< "$entry"
    if ! wait_until "$pid" "taskmanager-$id" \
        "curl -sf $rest/taskmanagers | jq -e '.taskmanagers[] | select(.id == \"$id\")'"; then
      stop >&2
      exit 1
    fi
    echo "TaskManager $id is running (pid $pid)"
  done
  echo "Flink cluster: $(live_taskmanagers | wc -l) TaskManager(s), $rest; started in" \
    "$((SECONDS - started)) s; logs, checkpoints and savepoints in $dir"
}

# Stops the cluster when the watched process (a test JVM) ends, however it ends.
watch_if_asked() {
  [[ -n "${FLINK_WATCH_PID:-}" ]] || return 0
  nohup bash "$0" __watch "$FLINK_WATCH_PID" < /dev/null > /dev/null 2>&1 &
  echo $! > "$dir/watcher.pid"
}

stop_process() {
  local file=$1 name=$2 pid seconds
  pid=$(live_pid "$file")
  rm -f "$file"
  [[ -n "$pid" ]] || return 0
  if seconds=$(terminate "$pid" "$FLINK_STOP_TIMEOUT"); then
    echo "$name (pid $pid) stopped in $seconds s"
  else
    echo "$name (pid $pid) did not stop within $FLINK_STOP_TIMEOUT s and was killed" >&2
  fi
}

stop() {
  if [[ -f "$dir/watcher.pid" && "${1:-}" != --from-watcher ]]; then
    kill "$(cat "$dir/watcher.pid")" 2>/dev/null || true
  fi
  rm -f "$dir/watcher.pid"
  local file any=0
  for file in "$dir"/taskmanager-tm-*.pid; do
    [[ -f "$file" ]] || continue
    any=1
    stop_process "$file" "TaskManager $(basename "$file" .pid | sed 's/^taskmanager-//')"
  done
  [[ -f "$dir/jobmanager.pid" ]] && any=1
  stop_process "$dir/jobmanager.pid" JobManager
  [[ $any == 1 ]] || echo "The Flink cluster is not running (directory $dir)"
}

status() {
  local pid file
  pid=$(live_pid "$dir/jobmanager.pid")
  if [[ -z "$pid" ]]; then
    echo "The Flink cluster is not running (directory $dir)"
    exit 3
  fi
  echo "JobManager: pid $pid, $rest"
  for file in $(live_taskmanagers); do
    echo "TaskManager $(basename "$file" .pid | sed 's/^taskmanager-//'): pid $(cat "$file")"
  done
  curl -sf "$rest/overview" | jq -r '"Registered TaskManagers: \(.taskmanagers), slots: \(."slots-total") (\(."slots-available") free), jobs running: \(."jobs-running")"' || true
  curl -sf "$rest/jobs/overview" | jq -r '.jobs[] | "Job \(.jid) \(.state): \(.name)"' || true
}

kill_taskmanager() {
  local file pid
  if [[ $# -gt 0 ]]; then
    file=$dir/taskmanager-$1.pid
  else
    file=$(live_taskmanagers | sed -n 1p)
  fi
  pid=$(live_pid "${file:-/nonexistent}")
  [[ -n "$pid" ]] || { echo "No running TaskManager ${1:-} in $dir" >&2; exit 3; }
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$file"
  echo "Killed TaskManager $(basename "$file" .pid | sed 's/^taskmanager-//') (pid $pid)"
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  kill-taskmanager) kill_taskmanager "$@" ;;
  __watch) while kill -0 "$1" 2>/dev/null; do sleep 1; done; stop --from-watcher ;;
  *) awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0"; [[ -z "$command" || "$command" == -h || "$command" == --help ]] || exit 2 ;;
esac
