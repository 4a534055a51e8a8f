/**
 * HTTP/1.x request heads (RFC 9112) read from reassembled client streams: the Host (or absolute-form authority),
 * method and path of every request on a connection, reported as observations.
 */
package io.banwatch.inspect.http;
