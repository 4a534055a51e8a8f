/** Integration tests that run the built jar against real traffic in network namespaces made by scripts/lab.sh. */
package io.banwatch.it;
