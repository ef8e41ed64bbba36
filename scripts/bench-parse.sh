#!/usr/bin/env bash
# Benchmark of the input parsers: one representative record per format parsed over and over on
# one thread through RecordIngester (checks, parser, validation). Prints records/s per format.
#
#   scripts/bench-parse.sh [SECONDS_PER_FORMAT]
#
# Default 5 s measured per record type, after a warm-up of the same length. Needs
# ../shared/datasets/ (the Puppet YAML and Chef examples).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

seconds=${1:-5}

mvn -B -q -DskipTests test-compile
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Xmx1g -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "target/classes:target/test-classes:$(maven_classpath test)" \
  org.outagepredictor.benchmark.ParseBenchmark "$seconds"
