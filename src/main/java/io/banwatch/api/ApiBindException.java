package io.banwatch.api;

/** The HTTP server could not listen on its address; the message names the address and what to do. */
public final class ApiBindException extends RuntimeException {

    ApiBindException(String host, int port, Throwable cause) {
        super(
                "cannot listen for HTTP on " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + ": "
                        + cause.getMessage()
                        + ". Stop the process that uses this address, or choose another listen address or port"
                        + " in the configuration (port 0 picks a free one).",
                cause);
    }
}
