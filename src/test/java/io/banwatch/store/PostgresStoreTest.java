package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.match.Category;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on a real PostgreSQL server (Debian's package, started here on a free loopback port, one new
 * database per test), and what only a central store has: several sensors writing the same rows at once.
 */
class PostgresStoreTest extends StoreContractTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private String url;

    @BeforeEach
    void newDatabase() throws Exception {
        url = POSTGRES.server().createDatabase();
    }

    @Override
    EventStore open() {
        return EventStore.openPostgres(url, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @Override
    Connection raw() throws Exception {
        return POSTGRES.server().connect(url);
    }

    @Override
    StoreDialect dialect() {
        return StoreDialect.POSTGRESQL;
    }

    @Test
    void twoSensorsWritingTheSameHostsAtOnceLoseNoContact() throws Exception {
        int batches = 20;
        try (EventStore first = open();
                EventStore second = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (EventStore store : List.of(first, second)) {
                    String sensor = store == first ? "sensor-a" : "sensor-b";
                    done.add(pool.submit((Callable<Void>) () -> {
                        for (int b = 0; b < batches; b++) {
                            List<StoredEvent> batch = new ArrayList<>();
                            // The same five hosts from both sensors, in opposite orders: row locks are taken in key
                            // order whatever the batch's order, so the two never deadlock.
                            for (int h = 0; h < 5; h++) {
                                int host = store == first ? h : 4 - h;
                                batch.add(withObserver(
                                        contact(
                                                "10.0.0." + host,
                                                "a.kaspersky.com",
                                                Category.UPDATE,
                                                "updates_banned",
                                                BAN + b),
                                        sensor));
                            }
                            store.write(batch, 1_000 + b);
                        }
                        return null;
                    }));
                }
                for (Future<Void> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<HostRecord> hosts = allHosts(first);
            assertThat(hosts).hasSize(5).allMatch(h -> h.contacts() == 2L * batches);
            assertThat(count(second)).isEqualTo(2L * 5 * batches);
        }
    }

    @Test
    void aStoreUrlThatIsNotPostgresIsSaidPlainly() {
        assertThatThrownBy(() -> EventStore.openPostgres("jdbc:mysql://db/banwatch?password=secret", "", ""))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store.url: jdbc:mysql://db/banwatch is no PostgreSQL JDBC URL")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aWrongPasswordIsSaidWithoutTheURLsParameters() {
        assertThatThrownBy(() -> EventStore.openPostgres(url + "?password=leaked", PostgresServer.USER, "wrong"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("store.url: cannot use " + url + " as the event store: ")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("leaked");
    }

    @Test
    void aDroppedConnectionIsOpenedAgainForTheNextBatch() throws Exception {
        try (EventStore store = open()) {
            store.write(List.of(contact("10.0.0.1", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN)), 1);
            try (Connection admin = raw();
                    java.sql.Statement s = admin.createStatement()) {
                // What a server restart or a network cut does to the sensor's session.
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                        + "'banwatch' AND pid <> pg_backend_pid()");
            }
            List<StoredEvent> next =
                    List.of(contact("10.0.0.2", "a.kaspersky.com", Category.UPDATE, "updates_banned", BAN + 1));
            assertThatThrownBy(() -> store.write(next, 2)).isInstanceOf(java.sql.SQLException.class);
            store.write(next, 3);
            assertThat(count(store)).isEqualTo(2);
        }
    }
}
