/**
 * The HTTP API: transport-neutral routes ({@link io.banwatch.api.ApiRoutes}) for {@code /metrics}, health and the
 * query API ({@link io.banwatch.api.QueryService} answers without HTTP, {@link io.banwatch.api.QueryRoutes} reads
 * parameters and writes JSON or CSV), behind {@link io.banwatch.api.ApiAccess}; a small Netty HTTP/1.1 server only
 * adapts requests and responses to them.
 */
package io.banwatch.api;
