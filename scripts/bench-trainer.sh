#!/usr/bin/env bash
# FTRL-Proximal updates per second on one core at the job's feature width (docs/benchmarks.md).
#
#   scripts/bench-trainer.sh [UPDATES_PER_ROUND]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

mvn -B -q -DskipTests test-compile
java -Xmx1g -cp "target/classes:target/test-classes:$(maven_classpath test)" \
  org.outagepredictor.benchmark.TrainerBenchmark "${1:-5000000}"
