#!/usr/bin/env bash
# Bytes allocated per packet by the capture source (io.banwatch.bench.CaptureAllocationBench): banwatch's
# pcap_next_ex reader against pcap4j's loop(), over 1,000,000 generated records. Needs a JDK 21+.
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
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m \
  -cp "target/classes:target/test-classes:$(cat target/jmh.classpath)" io.banwatch.bench.CaptureAllocationBench
