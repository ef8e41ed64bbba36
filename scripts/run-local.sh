#!/usr/bin/env bash
# Runs the outage predictor on its built-in fleet simulator in an embedded Flink: web dashboard on
# http://localhost:8081, RocksDB state, checkpoints every 5 s, alerts printed readably and appended
# as JSON lines to a file. Runs until Ctrl-C or until --duration ends.
#
#   scripts/run-local.sh [--duration SECONDS] [--alerts-out FILE] [--devices N] [--seed S]
#                        [--rate EVENTS_PER_SECOND] [--models-dir DIR] [--kafka]
#                        [--any.job-option VALUE ...]
#
# Defaults: endless, alerts.jsonl, 500 devices, seed 42, 20000 events/s, model versions and
# training reports in models/ (a later run can start from them: --model.start latest). A simulated
# hour passes every ten seconds or so, and each device warms up for its first simulated hour before
# it is scored. Any other --key value pair is passed to the job as an option
# (docs/configuration.md).
#
# --kafka: the same fleet through a real Kafka broker. Starts scripts/kafka-local.sh if no broker
# answers, runs the job with --job.input kafka (reading ops.events from the latest offsets),
# then the fleet simulator job writing ops.events in the background; alerts also go to the
# outage.alerts topic (read them with: scripts/kafka-local.sh consume outage.alerts). The risk board
# (docs/risk-board.md) reads the job's scores, alerts and model versions from the broker and shows
# the fleet on http://localhost:8088 (BOARD_PORT to change). Without --kafka the job serves the
# board itself from its JVM (board.embedded), fed directly by its scores, alerts and model versions.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

duration=0
alerts_out=alerts.jsonl
devices=500
seed=42
rate=20000
models_dir=models
kafka=0
job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --alerts-out) alerts_out=$2; shift 2 ;;
    --devices) devices=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --models-dir) models_dir=$2; shift 2 ;;
    --kafka) kafka=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    --*) [[ $# -ge 2 ]] || { echo "Option $1 needs a value" >&2; exit 2; }
         job_args+=("$1" "$2"); shift 2 ;;
    *) echo "Unexpected argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

build_if_needed
classpath="$JOB_JAR:$(maven_classpath provided)"
mkdir -p log /tmp/outage-predictor/tmp

echo "Outage predictor: $devices simulated devices (seed $seed) at $rate events/s."
echo "Flink dashboard: http://localhost:8081   alerts: $alerts_out   models: $models_dir/   log: log/outage-predictor.log"
[[ "$duration" -gt 0 ]] && echo "Stopping after $duration s."

simulator_args=(--simulator.devices "$devices" --simulator.seed "$seed"
  --simulator.events-per-second "$rate")
input_args=("${simulator_args[@]}")
board_pid=
if [[ "$kafka" == 1 ]]; then
  kafka_servers="127.0.0.1:${KAFKA_PORT:-9092}"
  scripts/kafka-local.sh status >/dev/null 2>&1 || scripts/kafka-local.sh start
  # A fresh consumer group from the latest offsets: earlier runs' events are not replayed. The
  # simulated fleet lives in 2026-01-01 onwards, so its events are older than the 30 days that
  # ingest.max-past-age allows by default; the local run accepts them.
  input_args=(--job.input kafka --kafka.bootstrap-servers "$kafka_servers"
    --kafka.inputs "generic-json:ops.events" --kafka.starting-offsets latest
    --kafka.group-id "run-local-$(date +%s)" --ingest.max-past-age "3650 d")
  echo "Kafka: $kafka_servers, fleet on ops.events, alerts also on outage.alerts."
  # Only what this run writes: the topics keep earlier runs' scores and alerts.
  java -Dlog4j.configurationFile=config/local/log4j2.properties \
    -Doutage.log.file=log/risk-board.log -cp "$classpath" org.outagepredictor.board.RiskBoard \
    --kafka.bootstrap-servers "$kafka_servers" --board.port "${BOARD_PORT:-8088}" \
    --board.score-lookback "0 s" --board.alert-lookback "0 s" >/dev/null 2>&1 &
  board_pid=$!
  echo "Risk board: http://localhost:${BOARD_PORT:-8088}   (log: log/risk-board.log)"
else
  input_args+=(--board.embedded true --board.port "${BOARD_PORT:-8088}")
  echo "Risk board: http://localhost:${BOARD_PORT:-8088}   (in the job's JVM)"
fi

java "${JAVA_OPENS[@]}" -Dlog4j.configurationFile=config/local/log4j2.properties \
  -cp "$classpath" org.outagepredictor.PredictionJob \
  --job.local-conf-dir config/local \
  "${input_args[@]}" \
  --alerts.output-file "$alerts_out" \
  --model.directory "$models_dir" \
  "${job_args[@]}" &
job_pid=$!
simulator_pid=
if [[ "$kafka" == 1 ]]; then
  # The simulator starts once the job runs, so that the job's latest offsets come first.
  for _ in $(seq 60); do
    curl -s http://127.0.0.1:8081/jobs/overview 2>/dev/null | grep -q RUNNING && break
    sleep 1
  done
  java "${JAVA_OPENS[@]}" -Dlog4j.configurationFile=config/local/log4j2.properties \
    -Doutage.log.file=log/fleet-simulator.log -cp "$classpath" org.outagepredictor.simulate.FleetToKafkaJob \
    --kafka.bootstrap-servers "$kafka_servers" "${simulator_args[@]}" >/dev/null 2>&1 &
  simulator_pid=$!
fi
stop_job() {
  touch "$stopped"
  kill "$job_pid" 2>/dev/null || true
  [[ -n "$simulator_pid" ]] && kill "$simulator_pid" 2>/dev/null || true
  [[ -n "$board_pid" ]] && kill "$board_pid" 2>/dev/null || true
}
stopped=$(mktemp -u)
trap 'stop_job' INT TERM

if [[ "$duration" -gt 0 ]]; then
  ( sleep "$duration"; stop_job ) &
fi
status=0
wait "$job_pid" || status=$?
# A second wait: the first returns early when Ctrl-C interrupts it.
wait "$job_pid" 2>/dev/null || true
[[ -n "$simulator_pid" ]] && kill "$simulator_pid" 2>/dev/null || true
[[ -n "$board_pid" ]] && kill "$board_pid" 2>/dev/null || true
if [[ -e "$stopped" ]]; then
  rm -f "$stopped"
  echo "Stopped. Alerts are in $alerts_out."
  exit 0
fi
exit "$status"
