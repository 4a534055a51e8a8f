/**
 * What the other packages share about threads: work started ahead of where its result is needed, and threads whose
 * work gives way to the capture's.
 */
package io.banwatch.concurrent;
