package io.banwatch.alert.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on loopback that takes connections and never gives a whole answer: silent after the request, or
 * trickling its status line or its body one byte a second. Real sockets, a thread per connection.
 */
final class HangingReceiver implements AutoCloseable {

    enum Mode {
        /** Reads the request and never writes a byte. */
        SILENT,
        /** Writes the status line and headers one byte a second. */
        TRICKLE_HEAD,
        /** Writes a 200 with a 1,000-byte body, then the body one byte a second. */
        TRICKLE_BODY
    }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();

    HangingReceiver(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("hanging-receiver").start(this::accept);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readHead(in);
            byte[] answer = switch (mode) {
                case SILENT -> new byte[0];
                case TRICKLE_HEAD -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                case TRICKLE_BODY -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    yield new byte[1000];
                }
            };
            if (answer.length == 0) {
                // Wait for the client to give up: read returns -1 (or fails) when it closes the connection.
                byte[] rest = new byte[4096];
                while (in.read(rest) >= 0) {
                    // the request body, unread by a hung server until now
                }
                closedByClient.incrementAndGet();
                return;
            }
            for (byte b : answer) {
                out.write(b);
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException e) {
            closedByClient.incrementAndGet(); // the client closed while bytes were still trickling
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads up to the blank line ending the request head (the small JSON body is left unread, as a hung server would). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
