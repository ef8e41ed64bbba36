#!/usr/bin/env bash
# Submits a job described in jobs/ to a Flink cluster with `flink run`, or stops it with a
# savepoint. The descriptor names the entry class, jar, arguments, parallelism and checkpoint and
# savepoint policy (jobs/prediction.yaml explains each key).
#
#   scripts/submit.sh DESCRIPTOR [--savepoint PATH] [--parallelism N] [--dry-run] [-- JOB_ARG ...]
#       flink run -d against the JobManager; from a savepoint (or retained checkpoint) when given
#       one, at the descriptor's parallelism or N. Prints "job-id: <id>". JOB_ARGs are appended to
#       the descriptor's arguments. --dry-run prints the command instead of running it.
#   scripts/submit.sh --stop DESCRIPTOR [--job-id ID]
#       flink stop: a savepoint (into the cluster's execution.checkpointing.savepoint-dir), then
#       the job ends; prints "savepoint: <path>". With savepoint.on-stop false: flink cancel. The
#       job is the one RUNNING under the descriptor's name unless --job-id says which.
#   scripts/submit.sh --upgrade DESCRIPTOR [--parallelism N] [-- JOB_ARG ...]
#       stop the running job with a savepoint and start the descriptor's jar from it; start it
#       afresh if none runs (what the Metronome job in dcos/ does).
#
# A descriptor of kind program (jobs/replay.yaml) is no Flink job: it runs here, in the
# foreground, with the job jar and Flink's jars on the classpath.
#
# Environment (defaults in brackets):
#   FLINK_JOBMANAGER [127.0.0.1:${FLINK_REST_PORT:-8081}]  the JobManager's REST address
#   FLINK_HOME  a Flink distribution whose bin/flink to use; without it, Flink's CLI runs from
#               the jars Maven resolves (scripts/common.sh)
#   FLINK_CONF_DIR [config/client]  the CLI's configuration (without FLINK_HOME)
#   FLINK_CLASSPATH  Flink's jars (default: Maven's provided scope)
#   JAVA_HOME  the JDK that runs the CLI
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

FLINK_JOBMANAGER=${FLINK_JOBMANAGER:-127.0.0.1:${FLINK_REST_PORT:-8081}}
FLINK_CONF_DIR=$(cd "${FLINK_CONF_DIR:-config/client}" && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0"; exit "${1:-2}"; }

action=run
descriptor=
savepoint=
parallelism_override=
job_id=
dry_run=0
extra_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stop) action=stop; shift ;;
    --upgrade) action=upgrade; shift ;;
    --savepoint) savepoint=$2; shift 2 ;;
    --parallelism|-p) parallelism_override=$2; shift 2 ;;
    --job-id) job_id=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; extra_args=("$@"); break ;;
    -h|--help) usage 0 ;;
    -*) echo "Unknown option '$1' (try --help)" >&2; exit 2 ;;
    *) [[ -z "$descriptor" ]] || { echo "One descriptor at a time ('$1')" >&2; exit 2; }
       descriptor=$1; shift ;;
  esac
done
[[ -n "$descriptor" ]] || usage
[[ -f "$descriptor" ]] || { echo "No descriptor $descriptor" >&2; exit 2; }

flink_classpath() {
  [[ -n "${flink_cp:-}" ]] || flink_cp=${FLINK_CLASSPATH:-$(maven_classpath provided)}
  echo "$flink_cp"
}

# The descriptor as shell variables (kind, entry_class, jar, job_name, parallelism, arguments,
# job_properties, savepoint_*), read by Flink's YAML parser; unknown keys are errors.
eval "$("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$(flink_classpath)" \
  build-support/submit/JobDescriptor.java "$descriptor")"

# Flink's CLI: the distribution's bin/flink, or CliFrontend from Maven's jars (with the
# --add-opens that bin/flink would give it on Java 17).
flink_cli() {
  if [[ -n "${FLINK_HOME:-}" ]]; then
    "$FLINK_HOME/bin/flink" "$@"
  else
    FLINK_CONF_DIR=$FLINK_CONF_DIR "$JAVA" "${JAVA_OPENS[@]}" -XX:TieredStopAtLevel=1 \
      -XX:+UseSerialGC -Dlog4j.configurationFile="$FLINK_CONF_DIR/log4j-cli.properties" \
      -cp "$(flink_classpath)" org.apache.flink.client.cli.CliFrontend "$@"
  fi
}

# The id of the one job RUNNING under the descriptor's name, from the REST API.
running_job() {
  local ids
  ids=$(curl -sf "http://$FLINK_JOBMANAGER/jobs/overview" \
    | jq -r --arg name "$job_name" '.jobs[] | select(.name == $name and .state == "RUNNING") | .jid') || {
    echo "No JobManager answers on http://$FLINK_JOBMANAGER" >&2; return 1; }
  if [[ $(grep -c . <<< "$ids") -gt 1 ]]; then
    echo "More than one job named '$job_name' is running ($(tr '\n' ' ' <<< "$ids")); say which with --job-id" >&2
    return 1
  fi
  echo "$ids"
}

submit() {
  local command=(run -d -m "$FLINK_JOBMANAGER" -c "$entry_class")
  local p=${parallelism_override:-$parallelism}
  [[ -z "$p" ]] || command+=(-p "$p")
  if [[ -n "$savepoint" ]]; then
    command+=(-s "$savepoint" -rm "$restore_mode")
    [[ "$allow_non_restored_state" != true ]] || command+=(-n)
  fi
  local property
  for property in "${job_properties[@]}"; do command+=("-D$property"); done
  command+=("$jar" "${arguments[@]}" "${extra_args[@]}")
  if [[ $dry_run == 1 ]]; then
    printf 'flink'; printf ' %q' "${command[@]}"; printf '\n'
    return
  fi
  [[ -f "$jar" ]] || { echo "No job jar $jar (build it: mvn -B -DskipTests package)" >&2; exit 1; }
  local output
  output=$(flink_cli "${command[@]}") || { echo "$output" >&2; exit 1; }
  local id
  id=$(sed -n 's/.*submitted with JobID \([0-9a-f]\{32\}\).*/\1/p' <<< "$output")
  [[ -n "$id" ]] || { echo "flink run gave no job id:" >&2; echo "$output" >&2; exit 1; }
  echo "Submitted '$job_name' to $FLINK_JOBMANAGER${savepoint:+ from $savepoint}" \
    "(dashboard: http://$FLINK_JOBMANAGER/#/job/running/$id/overview)"
  echo "job-id: $id"
}

stop() {
  [[ -n "$job_id" ]] || job_id=$(running_job)
  [[ -n "$job_id" ]] || { echo "No job named '$job_name' is running on $FLINK_JOBMANAGER" >&2; exit 3; }
  if [[ $dry_run == 1 ]]; then
    echo "flink stop -m $FLINK_JOBMANAGER --type $savepoint_format $job_id"
    return
  fi
  local output
  if [[ "$savepoint_on_stop" != true ]]; then
    output=$(flink_cli cancel -m "$FLINK_JOBMANAGER" "$job_id") || { echo "$output" >&2; exit 1; }
    echo "Cancelled job $job_id ('$job_name'), without a savepoint (savepoint.on-stop: false)"
    return
  fi
  output=$(flink_cli stop -m "$FLINK_JOBMANAGER" --type "$savepoint_format" "$job_id") \
    || { echo "$output" >&2; exit 1; }
  local path
  path=$(sed -n 's/^Savepoint completed\. Path: //p' <<< "$output")
  [[ -n "$path" ]] || { echo "flink stop reported no savepoint:" >&2; echo "$output" >&2; exit 1; }
  echo "Stopped job $job_id ('$job_name') with a $savepoint_format savepoint"
  echo "savepoint: $path"
}

if [[ "$kind" == program ]]; then
  [[ $action == run ]] || { echo "$descriptor is a program, not a Flink job: nothing to $action" >&2; exit 2; }
  command=("$JAVA" "${JAVA_OPENS[@]}" -cp "$jar:$(flink_classpath)" "$entry_class"
    "${arguments[@]}" "${extra_args[@]}")
  if [[ $dry_run == 1 ]]; then printf '%q ' "${command[@]}"; printf '\n'; exit 0; fi
  exec "${command[@]}"
fi

case "$action" in
  run) submit ;;
  stop) stop ;;
  upgrade)
    if [[ -n "$(running_job)" ]]; then
      savepoint=$(stop | tee /dev/stderr | sed -n 's/^savepoint: //p')
    else
      echo "No job named '$job_name' is running: starting it afresh" >&2
    fi
    submit ;;
esac
