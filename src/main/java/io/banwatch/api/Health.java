package io.banwatch.api;

import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness in the Prometheus convention: healthy while the process answers, ready once capture and
 * the pipeline run (as the supplier says).
 */
public final class Health {

    private final BooleanSupplier ready;

    public Health(BooleanSupplier ready) {
        this.ready = ready;
    }

    public ApiResponse healthy(ApiRequest request) {
        return ApiResponse.text(200, "OK\n");
    }

    public ApiResponse ready(ApiRequest request) {
        return ready.getAsBoolean()
                ? ApiResponse.text(200, "OK\n")
                : ApiResponse.text(503, "Service Unavailable: not ready\n");
    }
}
