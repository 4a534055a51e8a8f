/**
 * Alerts for hosts that reach a vendor's banned services: the {@link io.banwatch.alert.AlertTracker} that keeps one
 * alert per vendor, host and category (raised, re-notified, updated on a worse outcome) under the catalogs'
 * {@link io.banwatch.alert.AlertPolicy}; the alert record, its message and JSON payload; and the
 * {@link io.banwatch.alert.AlertDispatcher} that hands notifications to the sinks (log here; Alertmanager and
 * webhook in their own packages), each on its own thread, so a sink may fail or stall without stopping capture.
 */
package io.banwatch.alert;
