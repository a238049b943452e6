#!/usr/bin/env bash
# Starts the broker: kafka-server-start.sh <server.properties>
set -euo pipefail
: "${KAFKA_LOG4J_OPTS:=-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.xml}"
# shellcheck disable=SC2086 # the *_OPTS variables hold several options
exec java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m} ${KAFKA_LOG4J_OPTS} ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$@"
