/**
 * DNS (RFC 1035, RFC 3596): a bounded wire parser for the header, question and answer sections, and the inspector
 * that turns queries and responses into observations, over UDP datagrams and length-prefixed TCP streams.
 */
package io.banwatch.inspect.dns;
