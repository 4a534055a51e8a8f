# banwatch container image: build with Maven on a JDK 21, run on a JRE 21 with libpcap.
#   docker build -t banwatch .
#   docker run --rm --net=host --cap-add NET_RAW --cap-add NET_ADMIN banwatch run -i eth1
# Capturing a host interface needs the host network namespace and the two capabilities above.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline || true
COPY config config
COPY src src
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpcap0.8 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/banwatch.jar /opt/banwatch/banwatch.jar
COPY config /etc/banwatch
EXPOSE 19153
# A bounded heap: banwatch keeps only bounded tables (README, Reliability under floods); out of memory, the JVM exits
# so that the container is restarted rather than left half-dead.
ENTRYPOINT ["java", "-Xms128m", "-Xmx384m", "-XX:MaxDirectMemorySize=32m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED", \
            "-jar", "/opt/banwatch/banwatch.jar"]
CMD ["run", "-c", "/etc/banwatch/banwatch.yaml"]
