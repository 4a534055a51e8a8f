/**
 * The webhook sink: a JSON POST per alert notification with {@code Idempotency-Key}
 * (draft-ietf-httpapi-idempotency-key-header) and an optional HMAC-SHA256 signature, retried with backoff, through
 * a durable on-disk outbox so that alerts survive a receiver outage, a crash or a restart.
 */
package io.banwatch.alert.webhook;
