/**
 * What became of each matched contact, as far as a tap can tell: {@code blocked} (a DNS error or sinkhole answer, a
 * reset, an ICMP unreachable, no reply), {@code connected} (the server answered) or {@code transferred} (the server
 * sent at least {@code outcomes.transfer_bytes}). Only contacts that matched a catalog rule are followed; every other
 * packet costs one lookup in an empty or small table and allocates nothing.
 */
package io.banwatch.outcome;
