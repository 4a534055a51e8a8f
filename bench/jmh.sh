#!/usr/bin/env bash
# Runs banwatch's JMH micro-benchmarks (src/test/java/io/banwatch/bench) with the test classpath.
#   bench/jmh.sh                              all of them
#   bench/jmh.sh PacketProcessorBenchmark     those whose name matches; any further JMH options follow
#   bench/jmh.sh -l                           list them
# Needs a JDK 21+ (JAVA_HOME or /usr/lib/jvm); compiles the tests first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for jdk in /usr/lib/jvm/*; do
    if [ -x "$jdk/bin/javac" ] && "$jdk/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      export JAVA_HOME="$jdk"
      break
    fi
  done
fi

./mvnw -B -q test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@"
