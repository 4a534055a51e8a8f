package io.banwatch.store;

/** The store cannot be opened or used; the message names the file or key and what is wrong. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
