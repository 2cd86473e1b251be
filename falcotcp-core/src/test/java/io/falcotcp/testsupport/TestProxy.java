package io.falcotcp.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between clients and a server on the loopback address, as an attacker or a broken network on the path.
 * <p>
 * It records the bytes the clients send, and it can go silent: while {@linkplain #silence() silenced} it stops
 * forwarding the server's bytes to the clients but keeps every socket open, as a server host that froze or a
 * network that dropped its packets would, without the reset a closing peer sends. Client bytes keep flowing. It can
 * also stand for a server host that crashes: {@linkplain #crash() crashed} it resets every connection (no clean end
 * of stream, as when a process is killed or a host vanishes) and stops listening, until it is
 * {@linkplain #restart() restarted} on the same port.
 */
public final class TestProxy implements Closeable {

    private final int targetPort;

    private final int port;

    private volatile ServerSocket serverSocket;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();

    private volatile boolean silent;

    private volatile boolean closed;

    /**
     * Starts a proxy to a server.
     * @param targetPort the server's port on the loopback address
     * @throws IOException when the proxy cannot listen
     */
    public TestProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.serverSocket = listen(0);
        this.port = this.serverSocket.getLocalPort();
    }

    /**
     * The port clients connect to.
     * @return the proxy's port
     */
    public int port() {
        return this.port;
    }

    /**
     * The bytes the clients sent so far, of all connections in the order they were read.
     * @return a copy of them
     */
    public byte[] recordedClientBytes() {
        synchronized (this.clientBytes) {
            return this.clientBytes.toByteArray();
        }
    }

    /**
     * Stops forwarding server bytes; what arrives meanwhile is held, not dropped.
     */
    public void silence() {
        this.silent = true;
    }

    /**
     * Forwards server bytes again, first those held.
     */
    public void resume() {
        this.silent = false;
    }

    /**
     * Resets every connection, both ways, and stops accepting.
     */
    public void crash() {
        closeQuietly(this.serverSocket);
        for (Socket socket : this.sockets) {
            try {
                socket.setSoLinger(true, 0);
            }
            catch (IOException ex) {
                // already closed
            }
            closeQuietly(socket);
        }
        this.sockets.clear();
    }

    /**
     * Listens again after a {@linkplain #crash() crash}, on the same port.
     * @throws IOException when the port cannot be bound again
     */
    public void restart() throws IOException {
        this.serverSocket = listen(this.port);
    }

    private ServerSocket listen(int localPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), 50);
        start(() -> accept(socket), "proxy-accept");
        return socket;
    }

    private void accept(ServerSocket listening) {
        try {
            while (!this.closed && !listening.isClosed()) {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
                this.sockets.add(client);
                this.sockets.add(upstream);
                start(() -> pump(client, upstream, false), "proxy-forth");
                start(() -> pump(upstream, client, true), "proxy-back");
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                while (fromServer && this.silent && !this.closed) {
                    Thread.sleep(5);
                }
                if (!fromServer) {
                    synchronized (this.clientBytes) {
                        this.clientBytes.write(buffer, 0, read);
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // one side closed
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() {
        this.closed = true;
        closeQuietly(this.serverSocket);
        this.sockets.forEach(TestProxy::closeQuietly);
    }

}
