#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser and of the per-packet path with Jazzer, one target after another (Jazzer
# fuzzes one test per JVM; the targets run in turn so that they do not share cores). Each target runs for
# FuzzDurations.PER_TARGET (src/test/java/io/banwatch/fuzz/FuzzDurations.java). A finding stops that target, is
# written under src/test/resources/<package>/<TestClass>Inputs/<method>/crash-* (from then on replayed by every
# `mvn test`) and makes this script exit 1.
#
#   scripts/fuzz.sh                      every target
#   scripts/fuzz.sh DnsFuzzTest#udpMessage [...]   only these (class name without package)
#   scripts/fuzz.sh seeds                rewrite the seed inputs from the fixtures (SeedCorpora)
#   FUZZ_SKIP_BUILD=1 scripts/fuzz.sh    reuse the last build (two shells may then fuzz different targets at once)
#
# libFuzzer's progress lines (executions, coverage) go to target/fuzz/<target>.log; the last one is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(
  io.banwatch.fuzz.DecodeFuzzTest#frame
  io.banwatch.fuzz.DecodeFuzzTest#fragmentSequence
  io.banwatch.fuzz.DnsFuzzTest#udpMessage
  io.banwatch.fuzz.StreamFuzzTest#dnsTcpStream
  io.banwatch.fuzz.TlsFuzzTest#clientHello
  io.banwatch.fuzz.StreamFuzzTest#tlsStream
  io.banwatch.inspect.quic.QuicFuzzTest#datagrams
  io.banwatch.inspect.quic.QuicFuzzTest#sealedInitials
  io.banwatch.fuzz.StreamFuzzTest#httpStream
  io.banwatch.fuzz.StreamFuzzTest#socksStream
  io.banwatch.fuzz.StreamFuzzTest#kasperskyStream
  io.banwatch.fuzz.LoaderFuzzTest#catalog
  io.banwatch.fuzz.LoaderFuzzTest#configuration
  io.banwatch.dispatch.PacketPathFuzzTest#frames
)

# The build's JDK: the newest 21+ (the Maven toolchain picks the same way).
java_bin=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -x "$candidate/bin/java" ] || continue
  version=$("$candidate/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  if [ "${version:-0}" -ge 21 ] && { [ -z "$java_bin" ] || [ "$version" -gt "$best" ]; }; then
    java_bin="$candidate/bin/java" best=$version
  fi
done
[ -n "$java_bin" ] || { echo "fuzz: no JDK 21+ found" >&2; exit 2; }

mkdir -p target/fuzz
if [ -z "${FUZZ_SKIP_BUILD:-}" ] || [ ! -f target/fuzz/classpath ]; then
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz/classpath -Dmdep.includeScope=test
fi
cp="target/test-classes:target/classes:$(cat target/fuzz/classpath)"
jvm=("$java_bin" -Xmx2g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED -cp "$cp")

if [ "${1:-}" = seeds ]; then
  exec "${jvm[@]}" io.banwatch.fuzz.SeedCorpora
fi

selected=("${TARGETS[@]}")
if [ $# -gt 0 ]; then
  selected=()
  for wanted in "$@"; do
    for target in "${TARGETS[@]}"; do
      [[ "$target" == *".$wanted" ]] && selected+=("$target")
    done
  done
fi

status=0
for target in "${selected[@]}"; do
  log="target/fuzz/${target##*.}.log"
  echo "fuzz: $target"
  if JAZZER_FUZZ=1 "${jvm[@]}" io.banwatch.fuzz.FuzzMain "$target" >"$log" 2>&1; then
    result=ok
  else
    result=FINDING
    status=1
  fi
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  echo "fuzz: $target: $result: ${last:-no libFuzzer output, see $log}"
done
exit $status
