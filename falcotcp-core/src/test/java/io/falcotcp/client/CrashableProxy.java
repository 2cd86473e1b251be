package io.falcotcp.client;

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
 * A TCP proxy on 127.0.0.1 in front of a server, standing for a server host that can crash: {@link #crash()} resets
 * every connection (no clean end of stream, as when a process is killed or a host vanishes) and stops listening,
 * {@link #restart()} listens again on the same port.
 */
final class CrashableProxy implements Closeable {

    private final int targetPort;

    private final int port;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private volatile ServerSocket serverSocket;

    CrashableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.serverSocket = listen(0);
        this.port = this.serverSocket.getLocalPort();
    }

    int port() {
        return this.port;
    }

    /**
     * Resets every connection, both ways, and stops accepting.
     */
    void crash() {
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
     * Listens again, on the same port.
     */
    void restart() throws IOException {
        this.serverSocket = listen(this.port);
    }

    private ServerSocket listen(int localPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        start(() -> accept(socket), "crashable-proxy-accept");
        return socket;
    }

    private void accept(ServerSocket listening) {
        try {
            while (!listening.isClosed()) {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
                this.sockets.add(client);
                this.sockets.add(upstream);
                start(() -> pump(client, upstream), "crashable-proxy-forth");
                start(() -> pump(upstream, client), "crashable-proxy-back");
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // one side closed or was reset
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
        crash();
    }

}
