#!/usr/bin/env bash
# Measures prediction quality on real data (docs/evaluation.md): converts the public datasets of
# ../shared/datasets and the fleet simulator to the job's events, replays each through the real
# prediction job (learning online, and learning off), runs the baselines over the same events, and
# writes docs/evaluation.md with its PNG charts in docs/evaluation/.
#
#   scripts/evaluate.sh [--evaluate.datasets 'nab;bgl;servicenow;simulator:11;NAME=FORMAT:PATH']
#                       (a simulated world that differs from the defaults:
#                        'simulator:21?simulator.degraded-error-multiplier=1')
#                       [--evaluate.publication-checks 20] [--mapping.* VALUE ...]
#                       [--any.job.option VALUE ...]
# The default run replays each simulated fleet for a week: 7 to 9 min on 2 cores;
# --evaluate.simulator.days 2 gives a quicker, rougher run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

mvn -B -q -DskipTests compile
classpath="target/classes:$(maven_classpath test)"
java "${JAVA_OPENS[@]}" -Xmx4g -Djava.awt.headless=true \
  -Dlog4j.configurationFile=src/test/resources/log4j2-test.properties \
  -cp "$classpath" org.outagepredictor.evaluate.Evaluation "$@"
