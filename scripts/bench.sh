#!/usr/bin/env bash
# Benchmark of the embedded pipeline: the simulator, RocksDB device features, scoring and the alert
# lifecycle, with checkpoints every 10 s, for a fixed number of events. Prints events/s.
#
#   scripts/bench.sh [EVENTS] [DEVICES] [PARALLELISM] [STATE_BACKEND]
#
# Defaults: 5000000 events, 10000 devices, parallelism 2, rocksdb (or hashmap).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

events=${1:-5000000}
devices=${2:-10000}
parallelism=${3:-2}
backend=${4:-rocksdb}

mvn -B -q -DskipTests test-compile
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
java "${JAVA_OPENS[@]}" -Xmx2g -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "target/classes:target/test-classes:$(maven_classpath test)" \
  org.outagepredictor.benchmark.PipelineBenchmark "$events" "$devices" "$parallelism" "$backend" \
  2>&1 | grep -E '^(pipeline|Exception|Caused)'
