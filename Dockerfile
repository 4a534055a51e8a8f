# banwatch container image: built with the Maven wrapper on a JDK 21+, run on a jlinked Java runtime and libpcap, as
# the unprivileged user banwatch with only CAP_NET_RAW and CAP_NET_ADMIN.
#   docker build -t banwatch .
#   docker run -d --name banwatch --network host --cap-drop ALL --cap-add NET_RAW --cap-add NET_ADMIN \
#     -v banwatch-data:/var/lib/banwatch banwatch run -i eth1
# Capturing a host interface needs the host network namespace (--network host) and the two capabilities above.
# The base images are build arguments, so a site can build on its own mirrored or hardened images:
#   docker build --build-arg BUILD_IMAGE=registry.example/temurin:21-jdk --build-arg RUNTIME_IMAGE=registry.example/debian:12-slim .

ARG BUILD_IMAGE=eclipse-temurin:21-jdk
ARG RUNTIME_IMAGE=debian:12-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The dependencies first, in a layer of their own: a change to the sources rebuilds only what follows.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Dspotless.apply.skip=true dependency:go-offline
COPY config config
COPY src/main src/main
# the package phase rewrites picocli's Java 5 class files with this (pom.xml, modern-class-files)
COPY scripts/ModernClassFiles.java scripts/ModernClassFiles.java
RUN ./mvnw -B -q -DskipTests -Dspotless.apply.skip=true package
# The runtime: the modules the jar uses (scripts/build-deb.sh says how they were found), nothing else. Native
# symbols are not stripped: that needs objcopy (binutils), which JDK images do not carry.
RUN "$JAVA_HOME/bin/jlink" --output /opt/runtime --strip-java-debug-attributes --no-header-files --no-man-pages --compress=zip-6 \
      --generate-cds-archive --add-modules java.base,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.security.sasl,java.sql,java.xml,java.desktop,jdk.crypto.ec,jdk.management,jdk.jfr,\
jdk.unsupported,jdk.zipfs

FROM ${RUNTIME_IMAGE}
# libpcap for capture; setcap (libcap2-bin) only while the image is built. A base that already has both is used as is.
RUN set -eu; \
    if ! ldconfig -p | grep -q 'libpcap\.so\.0\.8' || ! command -v setcap >/dev/null; then \
      apt-get update; \
      apt-get install -y --no-install-recommends libpcap0.8 libcap2-bin; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 banwatch; \
    useradd --system --uid 10001 --gid banwatch --home-dir /var/lib/banwatch --shell /usr/sbin/nologin banwatch; \
    install -d -o banwatch -g banwatch -m 0750 /var/lib/banwatch
COPY --from=build /opt/runtime /usr/lib/banwatch/runtime
COPY --from=build /src/target/banwatch.jar /usr/lib/banwatch/banwatch.jar
COPY deploy/debian/banwatch /usr/bin/banwatch
COPY config/banwatch.yaml /etc/banwatch/banwatch.yaml
# Docker gives a non-root user no capabilities of its own (no ambient set), so a copy of the java launcher,
# java-capture, carries the two as file capabilities; /usr/bin/banwatch uses it for `run` only. The kernel refuses to
# start it unless the container is granted both (--cap-add NET_RAW --cap-add NET_ADMIN), while replay, query and the
# other commands run on the plain java with no capabilities at all. A binary with file capabilities runs in
# secure-execution mode, in which the loader ignores $ORIGIN, so the runtime's library directory is made a trusted one.
RUN set -eu; \
    echo /usr/lib/banwatch/runtime/lib > /etc/ld.so.conf.d/banwatch-runtime.conf; \
    ldconfig; \
    cp /usr/lib/banwatch/runtime/bin/java /usr/lib/banwatch/runtime/bin/java-capture; \
    setcap cap_net_raw,cap_net_admin+ep /usr/lib/banwatch/runtime/bin/java-capture; \
    /usr/lib/banwatch/runtime/bin/java -version

# The event store and the webhook outbox.
ENV BANWATCH_STORE_PATH=/var/lib/banwatch/banwatch.db \
    BANWATCH_ALERTS_OUTBOX_DIR=/var/lib/banwatch/outbox \
    XDG_CACHE_HOME=/var/lib/banwatch/cache
VOLUME /var/lib/banwatch
WORKDIR /var/lib/banwatch
USER banwatch
EXPOSE 19153
# bash's /dev/tcp: the image needs no HTTP client for its health check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/19153 && printf 'GET /-/healthy HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/usr/bin/banwatch"]
CMD ["run", "-c", "/etc/banwatch/banwatch.yaml"]
