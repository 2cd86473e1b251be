package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

import io.falcotcp.testsupport.BlockingServer;

/**
 * An attacker without the key on the path to a server: it answers every auth frame with the plain v1 ack
 * {@code 0xFF}, as a plain v1 server would, then reads and counts whatever the client writes until it closes.
 */
final class PlainV1Impostor implements AutoCloseable {

    private final BlockingServer server;

    private final AtomicLong bytesAfterAuthFrame = new AtomicLong();

    PlainV1Impostor() throws IOException {
        this.server = BlockingServer.start("plain-v1-impostor", this::answer);
    }

    int port() {
        return this.server.port();
    }

    /** Bytes the clients wrote after their auth frames, on all connections. */
    long bytesAfterAuthFrame() {
        return this.bytesAfterAuthFrame.get();
    }

    @Override
    public void close() {
        this.server.close();
    }

    private void answer(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            in.readNBytes(157);
            socket.getOutputStream().write(0xFF);
            socket.getOutputStream().flush();
            while (in.read() >= 0) {
                this.bytesAfterAuthFrame.incrementAndGet();
            }
        }
        catch (IOException ex) {
            // the client or the test closed the connection
        }
    }

}
