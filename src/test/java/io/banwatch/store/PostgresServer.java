package io.banwatch.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the Debian package ({@code apt-get install postgresql}): {@code initdb}
 * into a temporary folder, {@code pg_ctl start} on a free port of 127.0.0.1 with its Unix socket in that folder,
 * password authentication over TCP (as a sensor connects), stopped and deleted by {@link #close}. PostgreSQL refuses
 * to run as root, so under root the server runs as the package's {@code postgres} user (or {@code nobody}).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "banwatch";
    public static final String PASSWORD = "store-test-password";

    // Where Debian's postgresql-NN package puts the server binaries; the newest version installed is used.
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    // initdb and a start on two busy cores take seconds; a minute means something is wrong.
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final List<String> asUser;
    private final Thread stopAtExit;

    private PostgresServer(Path bin, Path root, int port, List<String> asUser) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asUser = asUser;
        this.stopAtExit = new Thread(this::stop, "postgres-stop");
    }

    /** The bin folder of the newest PostgreSQL installed, or null. */
    static Path binaries() {
        if (!Files.isDirectory(VERSIONS)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> version(b.getParent())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Why the PostgreSQL tests are skipped here. */
    public static String absent() {
        return "PostgreSQL server binaries not found under " + VERSIONS + "/*/bin (initdb, pg_ctl): install the Debian "
                + "package with `apt-get install -y postgresql` to run the central store tests";
    }

    public static boolean available() {
        return binaries() != null;
    }

    /** Initialises and starts a server; the caller closes it. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException(absent());
        }
        List<String> asUser = List.of();
        String owner = null;
        if ("root".equals(System.getProperty("user.name"))) {
            owner = run(List.of("id", "-u", "postgres"), null).exitCode == 0 ? "postgres" : "nobody";
            asUser = List.of("runuser", "-u", owner, "--");
        }
        Path root = Files.createTempDirectory("banwatch-pg-");
        Files.writeString(root.resolve("pwfile"), PASSWORD + "\n");
        if (owner != null) {
            check(run(List.of("chown", "-R", owner, root.toString()), null), "chown");
        }
        PostgresServer server = null;
        try {
            Result init = run(
                    command(
                            asUser,
                            bin.resolve("initdb"),
                            "-D",
                            root.resolve("data").toString(),
                            "-U",
                            USER,
                            "--pwfile=" + root.resolve("pwfile"),
                            "--auth-local=trust",
                            "--auth-host=scram-sha-256",
                            "-E",
                            "UTF8",
                            "--locale=C.UTF-8",
                            // A language collation for the database, as most installations have: the store's
                            // tables must not depend on it (they use "C" where order matters).
                            "--locale-provider=icu",
                            "--icu-locale=en-US"),
                    null);
            check(init, "initdb");
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                server = new PostgresServer(bin, root, port, asUser);
                Result started = run(
                        command(
                                asUser,
                                bin.resolve("pg_ctl"),
                                "start",
                                "-w",
                                "-t",
                                "60",
                                "-D",
                                server.data.toString(),
                                "-l",
                                root.resolve("server.log").toString(),
                                "-o",
                                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + root
                                        + " -c fsync=off"),
                        null);
                if (started.exitCode == 0) {
                    break;
                }
                if (attempt == 3) {
                    check(started, "pg_ctl start (log: " + tail(root.resolve("server.log")) + ")");
                }
            }
            Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            delete(root);
            throw e;
        }
    }

    private static List<String> command(List<String> asUser, Path program, String... arguments) {
        List<String> command = new ArrayList<>(asUser);
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /** A port nothing listens on now (another process may take it before the server does: start tries again). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of one database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database (its name made here, never from input) and returns its JDBC URL. */
    public String createDatabase() throws SQLException {
        String name = "store_test_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    /** Stops the server (fast: open connections are ended) and deletes its folder. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }

    private synchronized void stop() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            run(command(asUser, bin.resolve("pg_ctl"), "stop", "-w", "-m", "fast", "-D", data.toString()), null);
        } catch (IOException | InterruptedException e) {
            // the folder is deleted all the same; a server left running has lost its files and stops on its own
        }
        delete(root);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path workdir) throws IOException, InterruptedException {
        Path log = Files.createTempFile("banwatch-pg-command", ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (workdir != null) {
                builder.directory(workdir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void check(Result result, String what) {
        if (result.exitCode != 0) {
            throw new IllegalStateException(what + " failed (exit " + result.exitCode + "): " + result.output);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2_000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder; the system cleans it eventually
        }
    }
}
