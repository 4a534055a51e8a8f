package io.banwatch.store;

/** What the store's writer thread writes: an event or an alert notification. */
public sealed interface StoreRow permits StoredEvent, StoredAlert {}
