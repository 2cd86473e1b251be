package io.falcotcp.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.testsupport.BlockingServer;

/**
 * An independent FalcoTCP v1 server for client tests, written from the protocol document with blocking sockets,
 * one thread per connection and the JDK's AES-GCM: it shares no code with the project, so that the client is
 * checked against the specification rather than against itself.
 * <p>
 * Configure it before {@link #start()}; its misbehaviours (wrong answers, delays, closes) are opt-in.
 */
final class V1TestServer implements AutoCloseable {

    private static final SecureRandom random = new SecureRandom();

    private final SecretKeySpec key;

    private final AtomicInteger authenticated = new AtomicInteger();

    private final AtomicInteger sessionHellos = new AtomicInteger();

    private final AtomicInteger requests = new AtomicInteger();

    private final AtomicInteger pings = new AtomicInteger();

    private final AtomicInteger closedByClient = new AtomicInteger();

    private final List<AtomicInteger> requestsPerConnection = new CopyOnWriteArrayList<>();

    private volatile UnaryOperator<byte[]> handler = request -> request;

    private volatile boolean answerZeroOnBadKey;

    private volatile boolean answerAuthentication = true;

    private volatile Duration responseDelay = Duration.ZERO;

    private volatile Duration lifetime = Duration.ZERO;

    private volatile int closeOnRequest;

    private volatile boolean rawResponse;

    private volatile long rawResponseLength;

    private volatile boolean corruptResponses;

    private BlockingServer server;

    V1TestServer(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** Answers each request with what the function returns; {@code null} answers the empty response (len = 0). */
    V1TestServer handler(UnaryOperator<byte[]> handler) {
        this.handler = handler;
        return this;
    }

    /** Writes 0x00 before closing on a wrong key, as FalcoTCP-Py does, instead of closing silently. */
    V1TestServer answerZeroOnBadKey() {
        this.answerZeroOnBadKey = true;
        return this;
    }

    /** Reads the auth frame but never answers it. */
    V1TestServer neverAnswerAuthentication() {
        this.answerAuthentication = false;
        return this;
    }

    /** Waits this long before writing each response. */
    V1TestServer responseDelay(Duration delay) {
        this.responseDelay = delay;
        return this;
    }

    /** Closes a connection when nothing (message or ping) arrived on it for this long. */
    V1TestServer lifetime(Duration lifetime) {
        this.lifetime = lifetime;
        return this;
    }

    /** Closes the connection, without answering, when its n-th request arrives. */
    V1TestServer closeOnRequest(int n) {
        this.closeOnRequest = n;
        return this;
    }

    /** Answers every request with this bare u64 length and no payload. */
    V1TestServer rawResponseLength(long length) {
        this.rawResponseLength = length;
        this.rawResponse = true;
        return this;
    }

    /** Flips a bit of each response's tag, so that responses no longer authenticate. */
    V1TestServer corruptResponses() {
        this.corruptResponses = true;
        return this;
    }

    V1TestServer start() throws IOException {
        this.server = BlockingServer.start("v1-test-server", this::serve);
        return this;
    }

    int port() {
        return this.server.port();
    }

    int accepted() {
        return this.server.accepted();
    }

    int authenticated() {
        return this.authenticated.get();
    }

    /** Auth frames whose plaintext starts with the session hello's marker "FalcoSes" (a v1 server ignores it). */
    int sessionHellos() {
        return this.sessionHellos.get();
    }

    int requests() {
        return this.requests.get();
    }

    int pings() {
        return this.pings.get();
    }

    /** Requests received on each authenticated connection, in the order the connections were established. */
    List<Integer> requestsPerConnection() {
        return this.requestsPerConnection.stream().map(AtomicInteger::get).toList();
    }

    /** Connections that ended because the client closed them (end of stream read by the server). */
    int closedByClient() {
        return this.closedByClient.get();
    }

    /** Closes every open connection, as a server crash or a network cut would. */
    void dropConnections() {
        this.server.dropConnections();
    }

    @Override
    public void close() {
        this.server.close();
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            if (!authenticate(in, out)) {
                return;
            }
            socket.setSoTimeout((int) this.lifetime.toMillis());
            AtomicInteger received = new AtomicInteger();
            this.requestsPerConnection.add(received);
            while (true) {
                int type = in.read();
                if (type < 0) {
                    this.closedByClient.incrementAndGet();
                    return;
                }
                if (type == 0x02) {
                    this.pings.incrementAndGet();
                }
                else if (type == 0x01) {
                    long length = in.readLong();
                    if (length > 64 * 1024 * 1024) {
                        return;
                    }
                    byte[] sealed = new byte[(int) length];
                    in.readFully(sealed);
                    this.requests.incrementAndGet();
                    if (received.incrementAndGet() == this.closeOnRequest) {
                        return;
                    }
                    respond(sealed, out);
                }
            }
        }
        catch (SocketTimeoutException ex) {
            // lifetime ran out: the connection closes
        }
        catch (IOException | GeneralSecurityException | InterruptedException ex) {
            // the connection ends
        }
    }

    private boolean authenticate(DataInputStream in, DataOutputStream out)
            throws IOException, GeneralSecurityException {
        byte[] frame = new byte[157];
        in.readFully(frame);
        byte[] plaintext = (frame[0] == 0x00) ? open(frame, 1, 156) : null;
        if (plaintext == null) {
            if (this.answerZeroOnBadKey) {
                out.write(0x00);
                out.flush();
            }
            return false;
        }
        if (!this.answerAuthentication) {
            while (in.read() >= 0) {
                // hold the connection open without answering
            }
            return false;
        }
        if (new String(plaintext, 0, 8, StandardCharsets.US_ASCII).equals("FalcoSes")) {
            this.sessionHellos.incrementAndGet();
        }
        this.authenticated.incrementAndGet();
        out.write(0xFF);
        out.flush();
        return true;
    }

    private void respond(byte[] sealed, DataOutputStream out)
            throws IOException, GeneralSecurityException, InterruptedException {
        if (this.rawResponse) {
            out.writeLong(this.rawResponseLength);
            out.flush();
            return;
        }
        byte[] request = open(sealed, 0, sealed.length);
        byte[] response = (request != null) ? this.handler.apply(request) : null;
        if (!this.responseDelay.isZero()) {
            Thread.sleep(this.responseDelay.toMillis());
        }
        if (response == null) {
            out.writeLong(0);
        }
        else {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
            byte[] ciphertext = cipher.doFinal(response);
            if (this.corruptResponses) {
                ciphertext[ciphertext.length - 1] ^= 1;
            }
            out.writeLong(12 + ciphertext.length);
            out.write(nonce);
            out.write(ciphertext);
        }
        out.flush();
    }

    private byte[] open(byte[] sealed, int offset, int length) throws GeneralSecurityException {
        if (length < 28) {
            return null;
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, sealed, offset, 12));
        try {
            return cipher.doFinal(sealed, offset + 12, length - 12);
        }
        catch (javax.crypto.AEADBadTagException ex) {
            return null;
        }
    }

}
