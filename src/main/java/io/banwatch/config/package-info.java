/**
 * Configuration: {@code banwatch.yaml} parsed into records, checked with key paths, overridden by environment
 * variables ({@code BANWATCH_} + the key path in upper case with dots as underscores).
 */
package io.banwatch.config;
