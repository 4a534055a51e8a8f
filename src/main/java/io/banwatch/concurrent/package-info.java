/** What the other packages share about threads: work started ahead of where its result is needed. */
package io.banwatch.concurrent;
