#!/usr/bin/env bash
# Runs a Java main class on the Kafka jars of this image: kafka-run-class.sh <class> [args...]
# (the command the official apache/kafka image's bin/ scripts share). KAFKA_HEAP_OPTS and KAFKA_OPTS are passed to java.
set -euo pipefail
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.xml}"
# shellcheck disable=SC2086 # the *_OPTS variables hold several options
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} -XX:TieredStopAtLevel=1 ${KAFKA_LOG4J_OPTS} ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$@"
