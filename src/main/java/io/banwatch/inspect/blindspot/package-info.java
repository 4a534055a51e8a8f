/**
 * Where the monitor is blind: {@link io.banwatch.inspect.blindspot.BlindSpots} counts the traffic whose names it
 * cannot read or whose DNS it cannot see (Encrypted Client Hello, DNS over TLS, QUIC or HTTPS, DNS sent to
 * resolvers outside the configured internal ones), so that an operator knows when vendor traffic could pass
 * unseen. It reads ports, addresses and already-parsed names only, and never sees the catalog.
 */
package io.banwatch.inspect.blindspot;
