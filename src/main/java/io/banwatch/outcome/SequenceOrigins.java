package io.banwatch.outcome;

/**
 * The SYN sequence numbers of the TCP connection whose segment is being processed, from the flow table that saw its
 * start: a contact recognised by its ClientHello or request counts its bytes from there.
 */
@FunctionalInterface
public interface SequenceOrigins {

    /** Origins of no connection. */
    SequenceOrigins NONE = ofSender -> -1;

    /** The SYN sequence number of the segment's sender ({@code ofSender}) or of its receiver, or -1 when unseen. */
    long initialSequence(boolean ofSender);
}
