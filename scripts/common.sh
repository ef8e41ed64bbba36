# Shared by the scripts: build the job jar when sources changed, and the classpath of Flink's own
# jars (which the cluster provides in production and Maven resolves here; flink-dist is not used).
# Source it from the project root.

# The --add-opens that flink-dist's env.java.opts.all gives Flink on Java 17.
JAVA_OPENS=(
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
)

JOB_JAR=target/outage-predictor-0.1.0-SNAPSHOT.jar

# Builds the shaded job jar if it is missing or older than any source, resource or the pom.
build_if_needed() {
  if [[ ! -f "$JOB_JAR" ]] || [[ -n "$(find pom.xml src -newer "$JOB_JAR" -type f -print -quit)" ]]; then
    echo "Building the job jar (mvn package, tests skipped)..." >&2
    mvn -B -q -DskipTests package >&2
  fi
}

# Prints the classpath of the given Maven scope's dependencies, cached in target/.
# provided: Flink's own jars, for running the job jar outside a cluster; test: for benchmarks.
maven_classpath() {
  local scope=$1 file="target/classpath-$1.txt"
  if [[ ! -f "$file" || pom.xml -nt "$file" ]]; then
    mkdir -p target
    mvn -B -q dependency:build-classpath -Dmdep.includeScope="$scope" -Dmdep.outputFile="$file" >&2
  fi
  cat "$file"
}

# Stops a process: SIGTERM, then up to $2 seconds for it to end, then SIGKILL. Prints the seconds
# it waited (to a tenth); fails if it had to kill.
terminate() {
  local pid=$1 timeout=$2 waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [[ $waited -lt $((timeout * 10)) ]]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "$((waited / 10)).$((waited % 10))"
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    return 1
  fi
}
