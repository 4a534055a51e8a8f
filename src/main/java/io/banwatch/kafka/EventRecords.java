package io.banwatch.kafka;

import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.banwatch.event.JsonOutput;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Turns an event into its Kafka record: the event JSON with {@code observer.name}, keyed by the client host. */
final class EventRecords {

    // Event JSON is ~300-600 bytes; DNS answers with many records run longer and the buffer grows.
    private static final int INITIAL_BYTES = 512;

    private final String topic;
    private final String observerName;

    EventRecords(String topic, String observerName) {
        this.topic = topic;
        this.observerName = observerName;
    }

    /**
     * The record for one event. Its Kafka timestamp is left to the producer (the send time): brokers apply time
     * retention by record timestamps, and a replayed capture's packet times would have its records deleted at once;
     * the packet time is the event's {@code @timestamp}.
     */
    ProducerRecord<String, byte[]> record(String host, Event event) {
        return new ProducerRecord<>(topic, host, json(event));
    }

    byte[] json(Event event) {
        JsonOutput out = new JsonOutput(INITIAL_BYTES);
        EventJson.write(event, observerName, EventJson.Form.WHOLE, out);
        return out.toByteArray();
    }
}
