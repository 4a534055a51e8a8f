package io.banwatch.config;

/** A configuration that cannot be used; the message names the key path and what is wrong with it. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
