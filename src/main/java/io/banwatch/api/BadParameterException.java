package io.banwatch.api;

/** A query parameter that cannot be used: answered 400 naming the parameter (RFC 9110 section 15.5.1). */
public final class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
