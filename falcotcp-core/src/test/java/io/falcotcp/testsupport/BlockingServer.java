package io.falcotcp.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The socket side of the tests' independent peers: a loopback port that serves each accepted connection on a daemon
 * thread of its own with blocking sockets, and closes what is still open when it closes.
 */
public final class BlockingServer implements AutoCloseable {

    private final ServerSocket serverSocket;

    private final String name;

    private final Consumer<Socket> connectionHandler;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private final AtomicInteger accepted = new AtomicInteger();

    private BlockingServer(String name, Consumer<Socket> connectionHandler) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.name = name;
        this.connectionHandler = connectionHandler;
    }

    /**
     * Binds a free port of the loopback address and starts accepting.
     * @param name the prefix of its threads' names
     * @param connectionHandler serves one connection, on the connection's thread; the connection is closed after it
     * @return the server
     * @throws IOException when no port can be bound
     */
    public static BlockingServer start(String name, Consumer<Socket> connectionHandler) throws IOException {
        BlockingServer server = new BlockingServer(name, connectionHandler);
        Thread acceptor = new Thread(server::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    public int port() {
        return this.serverSocket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return this.accepted.get();
    }

    /** Closes every open connection, as a server crash or a network cut would. */
    public void dropConnections() {
        for (Socket socket : this.sockets) {
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closeQuietly(this.serverSocket);
        dropConnections();
    }

    private void acceptLoop() {
        while (!this.serverSocket.isClosed()) {
            try {
                Socket socket = this.serverSocket.accept();
                this.accepted.incrementAndGet();
                this.sockets.add(socket);
                Thread connection = new Thread(() -> serve(socket), this.name + "-connection");
                connection.setDaemon(true);
                connection.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try {
            this.connectionHandler.accept(socket);
        }
        finally {
            this.sockets.remove(socket);
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // closing anyway
        }
    }

}
