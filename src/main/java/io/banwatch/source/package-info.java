/**
 * Packet sources: capture files and live interfaces read through pcap4j's raw-bytes API. The only package that
 * imports pcap4j; it hands raw bytes, a timestamp and the link type downstream.
 */
package io.banwatch.source;
