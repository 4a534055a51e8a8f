/**
 * Kaspersky's own non-TLS protocol, which carries no server name: TCP 443 streams and UDP 2001 datagrams that start
 * with {@code KS\0\0}, {@code KE\0\0} or are the two bytes {@code PI} (libprotoident {@code match_kaspersky}).
 */
package io.banwatch.inspect.kaspersky;
