# Purser's runnable jar in a container. Build and run with the Kafka broker beside it:
#   docker compose up --build
# or alone, against an existing cluster:
#   docker build -t purser . && docker run -e PURSER_BOOTSTRAP_SERVERS=broker:9092 purser
# Configuration: PURSER_* environment variables, see docs/CONFIGURATION.md.
# Needs BuildKit (the default builder of Docker 23+; DOCKER_BUILDKIT=1 before that), which builds only the
# stages the image uses.
#
# Build arguments (docs/DOCKER.md):
#   JAR_SOURCE=source (default): build the jar from this repository in BUILD_IMAGE (Maven);
#   JAR_SOURCE=prebuilt: take standalone/target/purser-standalone.jar as built on the host
#     (mvn -B -DskipTests -pl standalone -am package), for machines that cannot pull BUILD_IMAGE;
#   BUILD_IMAGE, RUNTIME_IMAGE: the Maven + JDK 17 image and the JRE 17 image (Debian or Ubuntu based).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
ARG JAR_SOURCE=source

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# "clean" drops any target/ directory copied from a developer's tree; the cache keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl standalone -am clean package

FROM scratch AS jar-source
COPY --from=build /src/standalone/target/purser-standalone.jar /purser.jar

FROM scratch AS jar-prebuilt
COPY standalone/target/purser-standalone.jar /purser.jar

FROM jar-${JAR_SOURCE} AS jar

FROM ${RUNTIME_IMAGE}
RUN groupadd --system purser \
    && useradd --system --gid purser --home-dir /var/lib/purser --shell /usr/sbin/nologin purser \
    && mkdir -p /var/lib/purser \
    && chown purser:purser /var/lib/purser
COPY --from=jar /purser.jar /opt/purser/purser.jar
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
