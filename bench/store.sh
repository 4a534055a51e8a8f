#!/usr/bin/env bash
# The event store at scale: ingests EVENTS matched events (default 10,000,000) into a fresh SQLite file, then times the
# host inventory and filtered event pages. Prints events/s, bytes per event and query latencies.
#   bench/store.sh [EVENTS] [FILE] [CACHE_MIB]      (CACHE_MIB: SQLite's page cache, store.cache_mib, default 16)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
java_home=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && \
     "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    java_home="$candidate"
    break
  fi
done
exec "$java_home/bin/java" ${BENCH_OPTS:-} -Xmx2g --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.banwatch.bench.StoreScaleBench "$@"
