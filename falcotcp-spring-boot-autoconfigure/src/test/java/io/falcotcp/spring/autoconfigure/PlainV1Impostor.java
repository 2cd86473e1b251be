package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker without the key on the path to a server: it answers every auth frame with the plain v1 ack
 * {@code 0xFF}, as a plain v1 server would, then reads and counts whatever the client writes until it closes.
 */
final class PlainV1Impostor implements AutoCloseable {

    private final ServerSocket serverSocket;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private final AtomicLong bytesAfterAuthFrame = new AtomicLong();

    PlainV1Impostor() throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "plain-v1-impostor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return this.serverSocket.getLocalPort();
    }

    /** Bytes the clients wrote after their auth frames, on all connections. */
    long bytesAfterAuthFrame() {
        return this.bytesAfterAuthFrame.get();
    }

    @Override
    public void close() throws IOException {
        this.serverSocket.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!this.serverSocket.isClosed()) {
            try {
                Socket socket = this.serverSocket.accept();
                this.sockets.add(socket);
                Thread connection = new Thread(() -> answer(socket), "plain-v1-impostor-connection");
                connection.setDaemon(true);
                connection.start();
            }
            catch (IOException ex) {
                return;
            }
        }
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
        finally {
            this.sockets.remove(socket);
        }
    }

}
