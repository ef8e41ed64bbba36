#!/usr/bin/env bash
# Makes the model shipped in the job jar (src/main/resources/models/initial-model.bin): writes two
# simulated weeks of a 200-device fleet as a history file, then runs the bootstrap trainer job (a
# Flink batch job with the prediction job's own feature and label code) over it. Deterministic:
# the same code and options give the same bytes.
#
#   scripts/train-initial-model.sh [OUTPUT] [--any.bootstrap-trainer.option VALUE ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

output=src/main/resources/models/initial-model.bin
if [[ $# -gt 0 && "$1" != --* ]]; then
  output=$1
  shift
fi
history=target/history/fleet-200-seed-1-14d.jsonl.gz

mvn -B -q -DskipTests compile
classpath="target/classes:$(maven_classpath test)"
if [[ ! -s "$history" ]]; then
  java -cp "$classpath" org.outagepredictor.simulate.SimulatedHistory \
    --simulator.devices 200 --simulator.seed 1 --history.days 14 --history.output "$history"
fi
mkdir -p "$(dirname "$output")"
# Flink's collect client warns at the end of a local batch job that "some data might be lost";
# the counts it prints and the model's bytes are the same run after run.
java "${JAVA_OPENS[@]}" -Xmx4g -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "$classpath" org.outagepredictor.BootstrapTrainer \
  --bootstrap.history "$history" --bootstrap.output "$output" "$@" 2>&1 | grep -v ' WARN \| INFO \|^\s*at \|^java\.\|^Caused'
