package io.banwatch.match;

/** A catalog that cannot be read or is invalid; the message names the file and the full key path. */
public final class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
