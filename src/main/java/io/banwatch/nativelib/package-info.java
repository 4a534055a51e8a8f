/**
 * Native libraries that banwatch's dependencies would copy out of their jars at every start (SQLite's driver, JNA),
 * kept instead in banwatch's cache folder beside the launcher's start-up cache and named to them.
 */
package io.banwatch.nativelib;
