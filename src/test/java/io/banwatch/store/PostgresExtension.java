package io.banwatch.store;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server for the tests of a class: started before the first ({@link PostgresServer#start}),
 * stopped and deleted after the last; the class is skipped, saying why, on a machine without the Debian package.
 * Register it as a static field with {@code @RegisterExtension} and ask it for a new database per test.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(PostgresServer.available(), PostgresServer.absent());
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only between the class's first and last test. */
    public PostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("the PostgreSQL server runs only while the test class does");
        }
        return server;
    }
}
