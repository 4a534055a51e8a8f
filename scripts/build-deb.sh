#!/usr/bin/env bash
# Builds target/banwatch_<version>_<arch>.deb from the shaded jar: a jlinked Java runtime (Debian 12 packages no
# Java 21), the launcher as /usr/bin/banwatch, the configuration in /etc/banwatch as conffiles, and a hardened systemd
# unit. Run by `./mvnw -B -DskipTests -Pdeb package`; by hand: scripts/build-deb.sh VERSION [JAR] [OUTDIR].
# JLINK_JDK names the JDK whose jlink builds the runtime (default: the newest JDK 21+ in JAVA_HOME or /usr/lib/jvm).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: build-deb.sh VERSION [JAR] [OUTDIR]}"
jar="${2:-$here/target/banwatch.jar}"
out="${3:-$here/target}"
arch="$(dpkg --print-architecture)"
deb="$out/banwatch_${version}_${arch}.deb"

# The modules the jar uses (jdeps --multi-release 21 --print-module-deps on the shaded jar, plus what it loads reflectively: TLS's
# elliptic curves for the webhook and Kafka, and the management beans Micrometer reads).
modules="java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl"
modules="$modules,java.sql,java.xml,java.desktop,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.unsupported,jdk.zipfs"

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
find_jdk() {
  local best="" best_major=0 home major
  for home in "${JLINK_JDK:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/jlink" ] && [ -d "$home/jmods" -o -f "$home/lib/modules" ] || continue
    major="$(jdk_major "$home")"
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    [ -n "${JLINK_JDK:-}" ] && [ "$home" = "$JLINK_JDK" ] && { echo "$home"; return 0; }
    if [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  [ -n "$best" ] && echo "$best"
}

[ -f "$jar" ] || { echo "build-deb: no jar at $jar (run ./mvnw -B -DskipTests package)" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "build-deb: needs dpkg-deb (Debian or Ubuntu)" >&2; exit 1; }
jdk="$(find_jdk)" || { echo "build-deb: needs a JDK 21+ with jlink (JLINK_JDK=/path/to/jdk)" >&2; exit 1; }

stage="$out/deb-root"
rm -rf "$stage" "$deb"
mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/lib/banwatch" "$stage/etc/banwatch" \
         "$stage/lib/systemd/system" "$stage/usr/share/doc/banwatch"

# The runtime: only the modules above, no headers, man pages or Java debug attributes (stripping native symbols
# would need objcopy), and the default CDS archive of the
# JDK's own classes so start-up stays quick.
echo "build-deb: jlink runtime from $jdk" >&2
"$jdk/bin/jlink" --add-modules "$modules" --output "$stage/usr/lib/banwatch/runtime" \
  --strip-java-debug-attributes --no-header-files --no-man-pages --compress=zip-6 --generate-cds-archive

d="$here/deploy/debian"
install -m 0644 "$jar" "$stage/usr/lib/banwatch/banwatch.jar"
install -m 0755 "$d/banwatch" "$stage/usr/bin/banwatch"
# The start-up cache (JEP 483, 514, 515: classes loaded and linked, and method profiles; JDK 25 and later), made by a
# training run of the bundled sample with the packaged runtime and jar, as bin/banwatch makes it on first use. It
# takes about 0.6 s off every command's start (README, Deployment). The JVM accepts it at the installed paths: the
# jar sits at the same place relative to the runtime (JDK-8279366), and dpkg keeps the jar's modification time, which
# the cache records. The run's events go to a store of their own, deleted afterwards, and an empty environment keeps
# the builder's BANWATCH_* settings out. Its JVM options are the packaged launcher's replay options: a JVM refuses a
# cache made under another collector (LauncherOptionsTest keeps this copy, deploy/debian/banwatch's and bin/banwatch's
# equal).
runtime_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$stage/usr/lib/banwatch/runtime/release")"
if [ "${runtime_major:-0}" -ge 25 ]; then
  echo "build-deb: start-up cache (training run of the bundled sample)" >&2
  training="$(mktemp -d)"
  env -i HOME="$training" PATH="$PATH" LANG=C.UTF-8 BANWATCH_STORE_PATH="$training/banwatch.db" \
    "$stage/usr/lib/banwatch/runtime/bin/java" --sun-misc-unsafe-memory-access=allow -Xms256m -Xmx384m -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC -Xmn48m -XX:SurvivorRatio=1 \
    -XX:+UseTransparentHugePages -Xlog:pagesize=off -XX:FreqInlineSize=35 -XX:CompileThresholdScaling=2 \
    -XX:AOTCacheOutput="$stage/usr/lib/banwatch/banwatch.aot" -Xlog:cds=off -Xlog:cds+dynamic=off -Xlog:aot=off \
    --enable-native-access=ALL-UNNAMED -jar "$stage/usr/lib/banwatch/banwatch.jar" demo --no-serve --passes 100 >"$training/log" 2>&1 \
    || { tail -5 "$training/log" >&2; echo "build-deb: the training run failed; packaging without the cache" >&2; }
  rm -rf "$training"
  # the cache is written by a second JVM after the run, whose failure leaves an empty file that the run's status hides
  rm -f "$stage/usr/lib/banwatch/banwatch.aot.config"
  if [ -s "$stage/usr/lib/banwatch/banwatch.aot" ]; then
    chmod 0644 "$stage/usr/lib/banwatch/banwatch.aot"
  else
    rm -f "$stage/usr/lib/banwatch/banwatch.aot"
    echo "build-deb: no start-up cache was written; packaging without it" >&2
  fi
fi
install -m 0644 "$here/config/banwatch.yaml" "$stage/etc/banwatch/banwatch.yaml"
install -m 0640 "$d/banwatch.env" "$stage/etc/banwatch/banwatch.env"
install -m 0644 "$d/banwatch.service" "$stage/lib/systemd/system/banwatch.service"
install -m 0644 "$here/README.md" "$stage/usr/share/doc/banwatch/README.md"
# Prometheus rules, Alertmanager routing and Grafana dashboards, for the monitoring host to copy.
mkdir -p "$stage/usr/share/banwatch"
cp -r "$here/config/prometheus" "$here/config/alertmanager" "$here/config/grafana" "$here/dashboards" \
  "$stage/usr/share/banwatch/"
find "$stage/usr/share/banwatch" -type d -exec chmod 0755 {} + && find "$stage/usr/share/banwatch" -type f -exec chmod 0644 {} +
install -m 0644 "$d/conffiles" "$stage/DEBIAN/conffiles"
install -m 0755 "$d/postinst" "$d/prerm" "$d/postrm" "$stage/DEBIAN/"
size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$d/control.in" > "$stage/DEBIAN/control"

dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >&2
rm -rf "$stage"
echo "$deb"
