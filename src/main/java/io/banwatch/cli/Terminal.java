package io.banwatch.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a person or a program reads banwatch's output. */
final class Terminal {

    private Terminal() {}

    /**
     * Alerts print as one readable line each when a person is watching (standard error is a terminal), and as JSON
     * lines otherwise: pipes, files, journald and log shippers get the event JSON.
     */
    static boolean readableAlerts() {
        // Linux says where standard error goes; a pseudo-terminal or a console is a person.
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            // Elsewhere: the JVM's own idea of an interactive console.
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console for redirected streams too; isTerminal() tells the difference.
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
