package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.match.Category;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's cache of inventory rows: bounded, its evictions counted, an evicted row merged from the database. */
class HostUpsertsTest {

    @TempDir
    Path dir;

    private static List<HostRecord> contactOf(String host) {
        HostInventory batch = new HostInventory();
        batch.add(StoreContractTest.contact(
                host, "a.kaspersky.com", Category.UPDATE, "updates_banned", StoreContractTest.BAN));
        return batch.rows();
    }

    @Test
    void aFullCacheCountsTheRowsItDropsAndAnEvictedRowIsReadBackAndMerged() throws Exception {
        try (EventStore store = EventStore.open(dir.resolve("banwatch.db"))) {
            HostUpserts upserts = new HostUpserts(StoreDialect.SQLITE, 2);
            for (String host : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
                upserts.upsert(store.connection(), contactOf(host), 1_000);
            }
            assertThat(upserts.evictions()).isEqualTo(1); // the least recently written, 10.0.0.1

            upserts.upsert(store.connection(), contactOf("10.0.0.1"), 2_000);

            assertThat(StoreContractTest.allHosts(store))
                    .filteredOn(host -> host.host().equals("10.0.0.1"))
                    .singleElement()
                    .satisfies(host -> assertThat(host.contacts()).isEqualTo(2));
            assertThat(upserts.evictions()).isEqualTo(2); // 10.0.0.1 came back and pushed 10.0.0.2 out
        }
    }
}
