#!/usr/bin/env bash
# Writes the savepoint that UpgradeITCase restores: an older build of the job (a commit of this
# repository, built in a temporary git worktree) runs on a small simulated fleet through a local
# Kafka broker and stops with a canonical savepoint, into src/test/resources/savepoints/NAME/
# together with state.tsv, that build's own reading of the savepoint's state
# (org.outagepredictor.upgrade.UpgradeSavepointWriter does the run; this script gives it the old jar).
#
#   scripts/upgrade-savepoint.sh [COMMIT [NAME]]   default: cd719ca, NAME <commit>-parallelism-2
#
# Environment (defaults in brackets):
#   KAFKA_PORT [19092]  KAFKA_CONTROLLER_PORT [19093]  the temporary broker's ports on 127.0.0.1
#   JAVA_HOME  the JDK (Java 17)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

commit=${1:-cd719ca}
name=${2:-$commit-parallelism-2}
out=$PWD/src/test/resources/savepoints/$name
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d)
tree=$work/build
export KAFKA_LOCAL_DIR=$work/kafka KAFKA_TOPICS= KAFKA_PORT=${KAFKA_PORT:-19092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}

cleanup() {
  scripts/kafka-local.sh stop >/dev/null 2>&1 || true
  git worktree remove --force "$tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building $commit in $tree (mvn package, tests skipped)..."
git worktree add --detach "$tree" "$commit" >/dev/null
(cd "$tree" && mvn -B -q -DskipTests package)
echo "Compiling this tree's test classes (the writer)..."
mvn -B -q test-compile
test_classpath=$(maven_classpath test)

scripts/kafka-local.sh start
# A new savepoint replaces the old one's files; the README stays.
mkdir -p "$out"
find "$out" -mindepth 1 ! -name README.md -delete
"$JAVA" "${JAVA_OPENS[@]}" \
  -cp "$tree/$JOB_JAR:target/test-classes:$test_classpath" \
  org.outagepredictor.upgrade.UpgradeSavepointWriter "127.0.0.1:$KAFKA_PORT" "$out"
echo "Wrote $out ($(du -sh "$out" | cut -f1)) from $commit ($(git rev-parse "$commit"))"
