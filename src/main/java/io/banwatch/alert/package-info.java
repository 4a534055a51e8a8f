/**
 * Alerts for hosts that reach a vendor's banned services: the alert record, its message and JSON payload, and the
 * sinks that deliver it (one JSON log line now; webhook and Alertmanager sinks plug in behind
 * {@link io.banwatch.alert.AlertSink}). Sinks deliver asynchronously and may fail without stopping capture.
 */
package io.banwatch.alert;
