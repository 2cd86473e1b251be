package io.falcotcp.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy for one connection that records the bytes the client sends, as an attacker on the path would.
 */
final class RecordingProxy implements Closeable {

    private final ServerSocket serverSocket;

    private final ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();

    private final Thread acceptor;

    private volatile Socket client;

    private volatile Socket upstream;

    RecordingProxy(int targetPort) throws IOException {
        this.serverSocket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(() -> {
            try {
                this.client = this.serverSocket.accept();
                this.upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Thread back = new Thread(() -> pump(this.upstream, this.client, null), "proxy-back");
                back.setDaemon(true);
                back.start();
                pump(this.client, this.upstream, this.clientBytes);
            }
            catch (IOException ex) {
                // closed
            }
        }, "proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return this.serverSocket.getLocalPort();
    }

    byte[] recordedClientBytes() {
        synchronized (this.clientBytes) {
            return this.clientBytes.toByteArray();
        }
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buffer, 0, read);
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // one side closed
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        this.serverSocket.close();
        if (this.client != null) {
            closeQuietly(this.client);
        }
        if (this.upstream != null) {
            closeQuietly(this.upstream);
        }
    }

}
