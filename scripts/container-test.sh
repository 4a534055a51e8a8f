#!/usr/bin/env bash
# Builds the container image and runs it for real, exiting non-zero at the first failing step:
#   1. a Docker daemon: the running one, or dockerd started here (and stopped on exit);
#   2. local base images, since no registry need be reachable: Debian 12 from debootstrap (with libpcap), and the same
#      with the machine's JDK 21+ for the build stage, both made with `docker import` and kept for the next run;
#   3. the image, from the Dockerfile with BUILD_IMAGE and RUNTIME_IMAGE pointing at those bases;
#   4. its contract: user banwatch, the volume, the HEALTHCHECK;
#   5. a bundled capture replayed inside the container (no capabilities at all);
#   6. live capture with only NET_RAW and NET_ADMIN as the non-root user, on a veth moved into the container's network
#      namespace, fed a capture from outside: /metrics scraped from the host counts the packets and the match, and
#      Docker reports the container healthy (read-only root file system, as deploy/compose.yaml runs it); without the two capabilities capture is refused;
#   7. deploy/compose.yaml accepted by `docker compose config` (or docker-compose), with the image built here.
# Needs root. Environment: BANWATCH_IMAGE (tag to build, default banwatch:test), DEBIAN_MIRROR (default: the first
# Debian mirror of the machine's apt sources), JDK (the JDK for the build base, default the newest 21+ in /usr/lib/jvm),
# BANWATCH_CONTAINER_CACHE (where the base root file systems and logs are kept, default /var/cache/banwatch-container-test).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${BANWATCH_IMAGE:-banwatch:test}"
cache="${BANWATCH_CONTAINER_CACHE:-/var/cache/banwatch-container-test}"
runtime_base="banwatch-local/debian:12"
build_base="banwatch-local/jdk:latest"
name=deploy-ct-sensor
veth=deploy-ct0
inner=deploy-ct1
step() { echo "container-test: $*"; }
fail() { echo "container-test: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (dockerd, debootstrap, veth)"
command -v docker >/dev/null || fail "needs the docker client (apt-get install docker.io)"
mkdir -p "$cache"

dockerd_pid=""
cleanup() {
  docker rm -f "$name" "$name-nocaps" >/dev/null 2>&1 || true
  ip link del "$veth" 2>/dev/null || true
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
  fi
}
trap cleanup EXIT

# 1. The daemon.
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || fail "no Docker daemon running and no dockerd (apt-get install docker.io)"
  step "starting dockerd (log: $cache/dockerd.log)"
  dockerd >"$cache/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 "$cache/dockerd.log"; fail "dockerd did not start"; }
fi

# 2. Local base images.
mirror() {
  [ -n "${DEBIAN_MIRROR:-}" ] && { echo "$DEBIAN_MIRROR"; return; }
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\(\S*\/debian\)\/\?$/\1/p' | head -1)"
  [ -n "$uri" ] || uri="$(sed -n 's/^deb \(\[[^]]*\] \)\?\(\S*\/debian\)\/\? .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)"
  echo "${uri:-http://deb.debian.org/debian}"
}
find_jdk() {
  local home major best="" best_major=0
  for home in "${JDK:-}" /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/jlink" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)"
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    [ -n "${JDK:-}" ] && [ "$home" = "$JDK" ] && { echo "$home"; return; }
    if [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  [ -n "$best" ] && echo "$best"
}
rootfs="$cache/rootfs-bookworm"
if ! docker image inspect "$runtime_base" >/dev/null 2>&1 || ! docker image inspect "$build_base" >/dev/null 2>&1; then
  if [ ! -f "$rootfs/.complete" ]; then
    command -v debootstrap >/dev/null || fail "needs debootstrap (apt-get install debootstrap)"
    step "debootstrap Debian 12 from $(mirror) (log: $cache/debootstrap.log)"
    rm -rf "$rootfs"
    # libpcap and setcap are what the runtime stage would otherwise fetch with apt; curl what mvnw downloads with.
    debootstrap --variant=minbase --include=ca-certificates,libpcap0.8,libcap2-bin,curl bookworm "$rootfs" \
      "$(mirror)" >"$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log"; fail "debootstrap"; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.complete"
  fi
  # The machine's trusted CAs (a site's TLS-inspecting proxy among them), so that the build stage reaches Maven
  # Central from the images as the machine itself does: the PEM bundle for curl (mvnw) and the Java trust store the
  # JDK's lib/security/cacerts points to on Debian.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  if [ -f /etc/ssl/certs/java/cacerts ]; then
    mkdir -p "$rootfs/etc/ssl/certs/java" && cp /etc/ssl/certs/java/cacerts "$rootfs/etc/ssl/certs/java/cacerts"
  fi
  step "docker import $runtime_base"
  tar -C "$rootfs" --exclude=./.complete -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' \
    - "$runtime_base" >/dev/null
  jdk="$(find_jdk)" || fail "needs a JDK 21+ with jlink for the build base (JDK=/path)"
  step "docker import $build_base (Debian 12 with $jdk at /opt/java/openjdk, as in the official images)"
  # The JDK is appended to a tar of the root file system, so the cached root file system stays a plain Debian.
  staging="$cache/jdk-stage"
  rm -rf "$staging" && mkdir -p "$staging/opt/java"
  cp -a "$jdk" "$staging/opt/java/openjdk"
  { tar -C "$rootfs" --exclude=./.complete -cf - . ; } >"$cache/build-base.tar"
  tar -C "$staging" -rf "$cache/build-base.tar" ./opt/java
  docker import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["jshell"]' "$cache/build-base.tar" "$build_base" >/dev/null
  rm -rf "$staging" "$cache/build-base.tar"
fi

# 3. The image. --network host: the build stage fetches Maven and the dependencies from Maven Central the way the
# machine itself reaches it.
step "docker build $image (log: $cache/build.log)"
docker build --network host --build-arg BUILD_IMAGE="$build_base" --build-arg RUNTIME_IMAGE="$runtime_base" \
  -t "$image" "$here" >"$cache/build.log" 2>&1 || { tail -30 "$cache/build.log"; fail "docker build"; }

# 4. The image's contract.
step "image: user, volume, health check, entry point"
[ "$(docker image inspect -f '{{.Config.User}}' "$image")" = banwatch ] || fail "the image does not run as banwatch"
docker image inspect -f '{{json .Config.Volumes}}' "$image" | grep -q '"/var/lib/banwatch"' || fail "no volume"
docker image inspect -f '{{json .Config.Healthcheck.Test}}' "$image" | grep -q '/-/healthy' || fail "no HEALTHCHECK"
[ "$(docker run --rm --entrypoint id "$image" -u)" != 0 ] || fail "the image's user is root"
docker run --rm --cap-drop ALL "$image" --version | sed 's/^/  /'

# 5. A bundled capture replayed inside the container, with no capabilities at all.
step "replay a bundled capture inside the container"
fixtures="$here/src/test/resources/io/banwatch/fixtures"
out="$(docker run --rm --cap-drop ALL --network none -v "$fixtures:/fixtures:ro" "$image" \
  replay --no-store /fixtures/http-update.pcap 2>&1)" || { echo "$out"; fail "replay in the container"; }
echo "$out" | grep -q "10.77.0.2" || { echo "$out"; fail "the replay did not report the host 10.77.0.2"; }

# 6. Live capture on a veth moved into the container's network namespace.
step "live capture with only NET_RAW and NET_ADMIN, on a veth in the container's namespace"
docker rm -f "$name" "$name-nocaps" >/dev/null 2>&1 || true
ip link del "$veth" 2>/dev/null || true
# The sensor waits for the interface, which exists only once the container (and its namespace) does.
wait_then_run="while [ ! -e /sys/class/net/$inner ]; do sleep 0.2; done; exec /usr/bin/banwatch run -c /etc/banwatch/banwatch.yaml -i $inner"
docker run -d --name "$name" --cap-drop ALL --cap-add NET_RAW --cap-add NET_ADMIN --read-only --tmpfs /tmp:rw,exec,nosuid,nodev,size=64m \
  --health-interval 2s --health-start-period 60s -p 127.0.0.1::19153 -v deploy-ct-data:/var/lib/banwatch \
  --entrypoint bash "$image" -c "$wait_then_run" >/dev/null
pid="$(docker inspect -f '{{.State.Pid}}' "$name")"
[ "$pid" -gt 0 ] || fail "the container did not start"
ip link add "$veth" type veth peer name "$inner"
ip link set "$inner" netns "$pid"
nsenter -t "$pid" -n ip link set "$inner" up
ip link set "$veth" up
port="$(docker port "$name" 19153/tcp | head -1 | sed 's/.*://')"
metrics=""
for _ in $(seq 1 90); do
  sleep 1
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || { docker logs "$name" 2>&1 | tail -20; fail "the sensor exited"; }
  python3 "$here/scripts/send-pcap.py" "$veth" "$fixtures/http-update.pcap" >/dev/null
  metrics="$(curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null || true)"
  echo "$metrics" | grep -Eq "^banwatch_matches_total\{[^}]*category=\"update\"[^}]*\} [1-9]" && break
  metrics=""
done
[ -n "$metrics" ] || { docker logs "$name" 2>&1 | tail -20; fail "no update match on /metrics within 90 s"; }
echo "$metrics" | grep -Eq "^banwatch_packets_total\{source=\"$inner\"\} [1-9]" || fail "no packets counted on $inner"
status="$(grep -E '^(Uid|CapEff):' "/proc/$pid/status" | awk '{print $2}' | paste -sd' ')"
# uid 10001 (banwatch); CAP_NET_ADMIN is bit 12, CAP_NET_RAW bit 13: 0x3000 and nothing else.
[ "$status" = "10001 0000000000003000" ] || fail "the sensor runs with uid and effective capabilities $status"
health=""
for _ in $(seq 1 30); do
  health="$(docker inspect -f '{{.State.Health.Status}}' "$name")"
  [ "$health" = healthy ] && break
  sleep 2
done
[ "$health" = healthy ] || fail "the container is $health, not healthy"
docker rm -f "$name" >/dev/null
docker run --rm -v deploy-ct-data:/data --entrypoint ls "$image" /data | grep -q '^banwatch.db$' \
  || fail "the event store is not in the volume"
docker volume rm deploy-ct-data >/dev/null

step "without the two capabilities capture is refused"
if docker run --name "$name-nocaps" --cap-drop ALL "$image" run -i lo >"$cache/nocaps.log" 2>&1; then
  fail "captured without capabilities"
fi
grep -qi "permitted\|permission" "$cache/nocaps.log" || { cat "$cache/nocaps.log"; fail "no permission error"; }
docker rm -f "$name-nocaps" >/dev/null

# 7. The compose file.
compose=""
if docker compose version >/dev/null 2>&1; then compose="docker compose"
elif command -v docker-compose >/dev/null; then compose="docker-compose"; fi
if [ -n "$compose" ]; then
  step "$compose config deploy/compose.yaml"
  config="$(BANWATCH_IMAGE="$image" $compose -f "$here/deploy/compose.yaml" config 2>&1)" \
    || { echo "$config"; fail "$compose config"; }
  echo "$config" | grep -q "image: $image" || fail "compose does not run the image built here"
else
  step "no docker compose plugin nor docker-compose: compose file not checked"
fi

step "passed"
