/**
 * The Kafka sink: every streamed event as one ECS JSON record, keyed by its client host, through the idempotent
 * producer, behind a bounded buffer that drops and counts instead of stalling capture.
 *
 * <p>{@link io.banwatch.kafka.KafkaSinkHandler} reads the pipeline's events on its event loop and only hands them
 * over; {@link io.banwatch.kafka.KafkaEventSink} owns the producer and the one thread that talks to it.
 */
package io.banwatch.kafka;
