#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, in one invocation on one machine:
#   for each fleet size: (a) the prediction job on RocksDB, (b) the engine's floor (same source and
#   keyBy, one small RocksDB value read and written per event), (c) the prediction job on the heap
#   state backend; each in its own JVM, parallelism 2, checkpoints every 10 s (PipelineBenchmark);
#   then parse throughput per format, FTRL updates/s and webhook delivery throughput.
# Prints the table and writes the plot docs/benchmarks/throughput.png; the runs' figures are in
# target/bench/results.tsv.
#
#   scripts/bench.sh [DEVICE_COUNTS]
#
# DEVICE_COUNTS defaults to "10000 100000 1000000". Each run takes EVENTS = max(3,000,000,
# 5 x devices) events as fast as it can after a warm-up in which every device sends an event, then
# (a) and (c) 30 s at half that rate for latency.
# The runs go in rounds, each round every fleet size with (a), (b) and (c) one after the other, and
# the table gives each figure's median over the rounds with its range, and (a)/(b) within each
# round: a single run says less than the machine's drift. Set BENCH_ROUNDS (default 3; about 10
# minutes a round with the defaults on 2 cores), BENCH_HEAP (default 8g) for the JVMs' -Xmx, and
# BENCH_FLINK_SETTINGS ("key=value;key=value", default none) for Flink settings over the runs' own,
# e.g. "state.backend.rocksdb.use-bloom-filter=true" to try a RocksDB tuning on (a), (b) and (c).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

device_counts=${1:-10000 100000 1000000}
rounds=${BENCH_ROUNDS:-3}
heap=${BENCH_HEAP:-8g}
flink_settings=${BENCH_FLINK_SETTINGS:-}

mvn -B -q -DskipTests test-compile
classpath="target/classes:target/test-classes:$(maven_classpath test)"
mkdir -p target/bench docs/benchmarks
results=target/bench/results.tsv
rm -f "$results"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"

run() {
  java "${JAVA_OPENS[@]}" -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
    -cp "$classpath" "$@"
}

for round in $(seq 1 "$rounds"); do
  echo "Round $round of $rounds, $(date -u +%H:%M:%S) UTC"
  for devices in $device_counts; do
    events=$(( devices * 5 > 3000000 ? devices * 5 : 3000000 ))
    for job in "pipeline rocksdb" "floor rocksdb" "pipeline hashmap"; do
      # shellcheck disable=SC2086
      run -Xmx"$heap" org.outagepredictor.benchmark.PipelineBenchmark $job "$devices" "$events" \
        "$results" "$flink_settings" \
        2>&1 | grep -E '^(benchmark:|Exception in)'
      echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    done
  done
done

java -Djava.awt.headless=true -cp "$classpath" org.outagepredictor.benchmark.BenchmarkReport \
  "$results" docs/benchmarks/throughput.png

run -Xmx1g org.outagepredictor.benchmark.ParseBenchmark 2
run -Xmx1g org.outagepredictor.benchmark.TrainerBenchmark 2000000
run -Xmx1g org.outagepredictor.delivery.DeliveryBenchmark 10000 2>&1 | grep -E '^(delivery:|Exception)'
