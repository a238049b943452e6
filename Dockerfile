# syntax=docker/dockerfile:1
# Purser's runnable jar in a container. Build and run with the Kafka broker beside it:
#   docker compose up --build
# or alone, against an existing cluster:
#   docker build -t purser . && docker run -e PURSER_BOOTSTRAP_SERVERS=broker:9092 purser
# Configuration: PURSER_* environment variables, see docs/CONFIGURATION.md.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# "clean" drops any target/ directory copied from a developer's tree; the cache keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl standalone -am clean package

FROM eclipse-temurin:17-jre
RUN groupadd --system purser \
    && useradd --system --gid purser --home-dir /var/lib/purser --shell /usr/sbin/nologin purser \
    && mkdir -p /var/lib/purser \
    && chown purser:purser /var/lib/purser
COPY --from=build /src/standalone/target/purser-standalone.jar /opt/purser/purser.jar
USER purser
WORKDIR /var/lib/purser
# data.dir holds the Kafka Streams state and the dev signing key: keep it on a volume.
# In a container the HTTP bridge has to listen on every interface to be reachable.
ENV PURSER_DATA_DIR=/var/lib/purser \
    PURSER_HTTP_HOST=0.0.0.0
VOLUME ["/var/lib/purser"]
EXPOSE 8080
# The JVM is PID 1 and gets SIGTERM from "docker stop": Purser closes Streams, then exits.
ENTRYPOINT ["java", "-Xms512m", "-Xmx512m", "-jar", "/opt/purser/purser.jar"]
