package io.falcotcp.fuzz;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One fuzz connection: a blocking socket to the server on 127.0.0.1 whose every read is bounded in time, so that
 * a server that neither answers nor closes fails the scenario instead of hanging it.
 */
final class WireConnection implements Closeable {

    /** How long a read waits for an answer by default: far above any answer time. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private WireConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static WireConnection open(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new WireConnection(socket);
        }
        catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    void write(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        this.in.readFully(bytes);
        return bytes;
    }

    int readUnsignedByte() throws IOException {
        return this.in.readUnsignedByte();
    }

    long readLong() throws IOException {
        return this.in.readLong();
    }

    /**
     * Waits for the next byte, or the end of the stream.
     * @return the byte, or -1 once the server closed (a reset counts as a close)
     * @throws SocketTimeoutException when neither came within the read timeout
     */
    int readOrEnd() throws IOException {
        try {
            return this.in.read();
        }
        catch (SocketException | EOFException ex) {
            // a server that closes with our bytes still unread sends a reset: still its close
            return -1;
        }
    }

    /**
     * Asserts that the server closes the connection without sending another byte.
     * @param what what the scenario sent, for the failure message
     * @param within how long the server may take
     */
    void expectEndWithoutData(String what, Duration within) throws IOException {
        int read;
        readTimeout(within);
        try {
            read = readOrEnd();
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("the server neither answered nor closed within " + within + " after " + what);
        }
        if (read != -1) {
            throw new AssertionError("the server sent byte 0x" + Integer.toHexString(read) + " instead of closing "
                    + "after " + what);
        }
    }

    /**
     * Sets how long each following read may wait.
     * @param timeout the time
     */
    void readTimeout(Duration timeout) throws IOException {
        this.socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Ends the client's side of the stream (FIN); the server sees end-of-stream and closes. */
    void finishWriting() throws IOException {
        this.socket.shutdownOutput();
    }

    /** Closes with a reset instead of a FIN, as a crashed or impatient client does. */
    void reset() throws IOException {
        this.socket.setSoLinger(true, 0);
        this.socket.close();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

}
