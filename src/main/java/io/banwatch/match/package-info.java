/**
 * Matches observed host names against vendor catalogs: name normalisation, the catalog file format and its
 * validation, label-aligned host patterns compiled into a label trie, HTTP path fingerprints, protocol signatures and
 * service ports for flows without a name, and the vendor's policy phases that give each match its severity at the
 * packet's time. Knows no packets.
 */
package io.banwatch.match;
