/** SOCKS proxy handshakes (RFC 1928, RFC 1929, SOCKS4/4a), followed to the tunnel they open. */
package io.banwatch.inspect.socks;
