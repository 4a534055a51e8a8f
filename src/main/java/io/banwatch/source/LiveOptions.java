package io.banwatch.source;

/**
 * How a live interface is opened.
 *
 * @param snaplen bytes kept of each packet
 * @param promiscuous whether to see traffic not addressed to this host (a tap or SPAN port needs it)
 * @param timeoutMillis libpcap's read timeout, how long packets may wait in the kernel buffer
 * @param bufferBytes the kernel capture buffer; larger survives bursts without drops
 * @param immediate deliver each packet at once instead of waiting for a full buffer
 */
public record LiveOptions(int snaplen, boolean promiscuous, int timeoutMillis, int bufferBytes, boolean immediate) {}
