package io.banwatch.api;

/** Answers one path. */
@FunctionalInterface
public interface Route {

    ApiResponse handle(ApiRequest request);
}
