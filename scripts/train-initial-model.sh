#!/usr/bin/env bash
# Trains the model shipped in the job jar (src/main/resources/models/initial-model.bin) from two
# simulated weeks of a 200-device fleet, with the job's own feature code, and prints how it does
# on the last part of that history. Deterministic: the same code and options give the same bytes.
#
#   scripts/train-initial-model.sh [OUTPUT] [--any.option VALUE ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

output=src/main/resources/models/initial-model.bin
if [[ $# -gt 0 && "$1" != --* ]]; then
  output=$1
  shift
fi
mvn -B -q -DskipTests compile
mkdir -p "$(dirname "$output")"
java -cp "target/classes:$(maven_classpath test)" org.outagepredictor.BootstrapTrainer \
  --simulator.devices 200 --simulator.seed 1 --bootstrap.days 14 \
  --bootstrap.output "$output" "$@"
