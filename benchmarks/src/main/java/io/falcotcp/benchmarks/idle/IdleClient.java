package io.falcotcp.benchmarks.idle;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.SessionHandshake;
import io.falcotcp.protocol.SessionMessage;

/**
 * Opens authenticated connections to a FalcoTCP server and keeps them open, doing nothing more: plain blocking
 * sockets and the JDK's AES-GCM, written from the protocol documents (the session mode takes its handshake from
 * {@link SessionHandshake}). Plain v1 connections stop after the server's {@code 0xFF}; session connections send
 * their first session frame, a ping, at once (the server keeps a session connection in its handshake until then)
 * and read its pong.
 * <p>
 * Connections come from several loopback source addresses, {@code 127.0.0.2} upwards, each for at most
 * {@code perAddress} of them, so that no address runs out of ports. Several threads open them; every read and
 * connect is bounded by a timeout.
 */
final class IdleClient implements AutoCloseable {

    private static final int IO_TIMEOUT_MILLIS = 10_000;

    private static final int TAG_BITS = ProtocolV1.TAG_LENGTH * Byte.SIZE;

    private static final int SESSION_LENGTH_PREFIX = Integer.BYTES;

    private final IdleMode mode;

    private final FalcoKey key;

    private final InetSocketAddress server;

    private final int perAddress;

    private final int threads;

    private final SecureRandom random = new SecureRandom();

    private final List<Socket> sockets = new ArrayList<>();

    IdleClient(IdleMode mode, FalcoKey key, InetSocketAddress server, int perAddress, int threads) {
        this.mode = mode;
        this.key = key;
        this.server = server;
        this.perAddress = perAddress;
        this.threads = threads;
    }

    /**
     * Opens connections until {@code count} are open.
     * @param count the connections wanted
     * @param timeout the longest this may take
     */
    void openUpTo(int count, Duration timeout) throws IdleMeasurementException, InterruptedException {
        int first = this.sockets.size();
        if (count <= first) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(this.threads);
        try {
            List<Future<List<Socket>>> batches = new ArrayList<>();
            int share = (count - first + this.threads - 1) / this.threads;
            for (int start = first; start < count; start += share) {
                int from = start;
                int to = Math.min(count, start + share);
                batches.add(pool.submit(() -> open(from, to)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<List<Socket>> batch : batches) {
                this.sockets.addAll(batch.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        }
        catch (ExecutionException ex) {
            throw new IdleMeasurementException("a " + this.mode.option() + " connection to " + this.server
                    + " failed: " + ex.getCause().getMessage());
        }
        catch (TimeoutException ex) {
            throw new IdleMeasurementException("opening " + (count - first) + " connections took more than "
                    + timeout.toSeconds() + " s");
        }
        finally {
            pool.shutdownNow();
            pool.awaitTermination(IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The connections open now.
     * @return the count
     */
    int size() {
        return this.sockets.size();
    }

    @Override
    public void close() {
        for (Socket socket : this.sockets) {
            try {
                socket.close();
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
        this.sockets.clear();
    }

    private List<Socket> open(int from, int to) throws IOException, GeneralSecurityException {
        List<Socket> opened = new ArrayList<>(to - from);
        try {
            for (int index = from; index < to && !Thread.currentThread().isInterrupted(); index++) {
                opened.add(connect(source(index)));
            }
        }
        catch (IOException | GeneralSecurityException | RuntimeException ex) {
            opened.forEach(IdleClient::closeQuietly);
            throw ex;
        }
        return opened;
    }

    private InetAddress source(int index) throws UnknownHostException {
        int address = 2 + index / this.perAddress;
        return InetAddress.getByAddress(new byte[] { 127, 0, (byte) (address >>> 8), (byte) address });
    }

    private Socket connect(InetAddress source) throws IOException, GeneralSecurityException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(this.server, IO_TIMEOUT_MILLIS);
            socket.setSoTimeout(IO_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (this.mode == IdleMode.V1) {
                authenticateV1(in, out);
            }
            else {
                startSession(in, out);
            }
            return socket;
        }
        catch (IOException | GeneralSecurityException | RuntimeException ex) {
            closeQuietly(socket);
            throw ex;
        }
    }

    private void authenticateV1(DataInputStream in, OutputStream out) throws IOException, GeneralSecurityException {
        byte[] plaintext = new byte[ProtocolV1.AUTH_PLAINTEXT_LENGTH];
        this.random.nextBytes(plaintext);
        byte[] nonce = new byte[ProtocolV1.NONCE_LENGTH];
        this.random.nextBytes(nonce);
        byte[] sealed = seal(this.key.toByteArray(), nonce, plaintext);
        ByteBuffer frame = ByteBuffer.allocate(ProtocolV1.AUTH_FRAME_LENGTH);
        frame.put(ProtocolV1.TYPE_AUTH).put(nonce).put(sealed);
        out.write(frame.array());
        int answer = in.read();
        if (answer != (ProtocolV1.ACK_ACCEPTED & 0xFF)) {
            throw new IOException("the server answered the auth frame with " + answer + ", not 0xFF");
        }
    }

    private void startSession(DataInputStream in, OutputStream out) throws IOException, GeneralSecurityException {
        SessionHandshake.ClientHandshake handshake = SessionHandshake.startClient(this.key, AeadEngine.JDK, 0);
        out.write(handshake.authFrame());
        int answer = in.read();
        if (answer != (SessionHandshake.ACK_SESSION & 0xFF)) {
            throw new IOException("the server answered the session hello with " + answer + ", not 0xFE");
        }
        byte[] reply = new byte[SessionHandshake.REPLY_SEALED_LENGTH];
        in.readFully(reply);
        SessionHandshake.Session session = handshake.finish(reply);
        if (session == null) {
            throw new IOException("the server's session reply did not verify");
        }
        // the first frame of each direction is sealed under counter 0: its nonce is the direction's nonce base
        byte[] ping = seal(session.keys().clientToServerKey(), session.keys().clientToServerNonceBase(),
                new byte[] { SessionMessage.KIND_PING });
        out.write(ByteBuffer.allocate(SESSION_LENGTH_PREFIX + ping.length).putInt(ping.length).put(ping).array());
        int length = in.readInt();
        if (length != 1 + ProtocolV1.TAG_LENGTH) {
            throw new IOException("the server answered the first ping with a frame of " + length + " bytes, not a pong");
        }
        byte[] pong = new byte[length];
        in.readFully(pong);
        byte[] plaintext = open(session.keys().serverToClientKey(), session.keys().serverToClientNonceBase(), pong);
        if (plaintext.length != 1 || plaintext[0] != SessionMessage.KIND_PONG) {
            throw new IOException("the server did not answer the first ping with a pong");
        }
    }

    private static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher.doFinal(plaintext);
    }

    private static byte[] open(byte[] key, byte[] nonce, byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher.doFinal(sealed);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
    }

}
