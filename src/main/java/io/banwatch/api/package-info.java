/**
 * The HTTP API: transport-neutral routes ({@link io.banwatch.api.ApiRoutes}) for {@code /metrics} and health, and a
 * small Netty HTTP/1.1 server that only adapts requests and responses to them.
 */
package io.banwatch.api;
