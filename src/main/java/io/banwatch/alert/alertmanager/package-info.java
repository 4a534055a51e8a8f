/**
 * The Prometheus Alertmanager sink: alerts posted to {@code /api/v2/alerts} of every configured Alertmanager
 * (Alertmanager API v2, {@code api/v2/openapi.yaml}), kept alive with {@code endsAt} while the contact goes on and
 * re-sent periodically as Alertmanager's client contract requires.
 */
package io.banwatch.alert.alertmanager;
