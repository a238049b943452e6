package dev.purser.schemas;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka topic of Purser with the serdes of its key and value: the one place that says what the
 * bytes of a record are ({@link Topics} lists them all). Prints as its name.
 */
public record Topic<K, V>(String name, Serde<K> key, Serde<V> value) {

    public Serializer<K> keySerializer() {
        return key.serializer();
    }

    public Serializer<V> valueSerializer() {
        return value.serializer();
    }

    public Deserializer<K> keyDeserializer() {
        return key.deserializer();
    }

    public Deserializer<V> valueDeserializer() {
        return value.deserializer();
    }

    @Override
    public String toString() {
        return name;
    }
}
