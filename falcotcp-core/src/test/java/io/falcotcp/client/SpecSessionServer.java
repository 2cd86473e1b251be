package io.falcotcp.client;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.falcotcp.testsupport.BlockingServer;
import io.falcotcp.testsupport.SpecSession;

/**
 * A session-mode server written from {@code docs/protocol.md} on blocking sockets ({@link BlockingServer}) with
 * {@link SpecSession} (JDK AES-GCM, BouncyCastle's low-level HKDF and X25519), no production class: it answers a
 * version-2 hello, then pings with pongs and requests with their own body (status 2 and a message for the body
 * {@code refuse}), a body above 64 KiB in segments when they were accepted, a body above 256 bytes compressed with
 * LZ4 (lz4-java's raw block API) when it was offered and accepted. It accepts segments and, when told, metadata
 * (feature bit 2), whose blocks it reads into {@link #metadata()}, and, when told, going away (feature bit 3): it
 * then writes a going-away frame (or a broken one) right before the response to the first request of each
 * connection. When told, it accepts batches (feature bit 4): it handles a client batch as its messages and writes
 * their answers as one batch (or a malformed one). It records the plaintext of every client frame in arrival order
 * (each message of a batch on its own), the number of messages of each batch, each connection's times and the
 * connection each request came on; frames that do not open end the connection.
 */
final class SpecSessionServer implements AutoCloseable {

    /** How the server writes its reply, to test the checks the client must make. */
    enum Reply {

        /** As the document says. */
        VALID,

        /** With the hash of another auth frame. */
        BOUND_TO_ANOTHER_AUTH_FRAME,

        /** Accepting a feature bit the client did not request. */
        FEATURE_NOT_REQUESTED,

        /** Sealed without the reply's associated data, as a version-1 reply or a v1 message would be. */
        WITHOUT_ASSOCIATED_DATA

    }

    /** The going-away frames a server told to go away writes before its first response on a connection. */
    enum GoingAway {

        /** None. */
        NEVER,

        /** One, as the document says. */
        ONCE(new byte[] { SpecSession.KIND_GOING_AWAY }),

        /** Two: the notice comes at most once. */
        TWICE(new byte[] { SpecSession.KIND_GOING_AWAY }, new byte[] { SpecSession.KIND_GOING_AWAY }),

        /** One with a byte after the kind, where the notice has no field. */
        WITH_TRAILING_BYTE(new byte[] { SpecSession.KIND_GOING_AWAY, 0 }),

        /** One, without having accepted the feature. */
        NOT_NEGOTIATED(new byte[] { SpecSession.KIND_GOING_AWAY });

        private final byte[][] frames;

        GoingAway(byte[]... frames) {
            this.frames = frames;
        }

        int offered() {
            return (this == NEVER || this == NOT_NEGOTIATED) ? 0 : SpecSession.GOING_AWAY;
        }

    }

    private static final int SEGMENTS = SpecSession.SEGMENTS;

    private static final int LZ4 = SpecSession.LZ4;

    private static final int SEGMENT_SIZE = 50_000;

    private static final int COMPRESSION_THRESHOLD = 256;

    private final byte[] psk;

    private final Queue<byte[]> received = new ConcurrentLinkedQueue<>();

    private final Queue<Map<String, String>> metadata = new ConcurrentLinkedQueue<>();

    private final int offered;

    private final Reply reply;

    private final boolean corruptResponses;

    private final Queue<Connection> connections = new ConcurrentLinkedQueue<>();

    private final Queue<Integer> requestConnections = new ConcurrentLinkedQueue<>();

    private final AtomicInteger connectionCount = new AtomicInteger();

    private final AtomicInteger connectionsEnded = new AtomicInteger();

    private final GoingAway goingAway;

    private final Queue<Integer> batchSizes = new ConcurrentLinkedQueue<>();

    /** The answers to the batch a connection's thread is handling, {@code null} outside a batch. */
    private final ThreadLocal<List<byte[]>> batchAnswers = new ThreadLocal<>();

    private boolean wellFormedBatches = true;

    private int lz4Limit;

    private boolean bombResponses;

    private int keyLifetimeSeconds = 3600;

    private int extraOffered;

    private volatile String heldBody;

    private volatile CountDownLatch heldUntil;

    private BlockingServer server;

    SpecSessionServer(byte[] psk, Reply reply, boolean corruptResponses) {
        this(psk, reply, corruptResponses, SEGMENTS);
    }

    private SpecSessionServer(byte[] psk, Reply reply, boolean corruptResponses, int offered) {
        this(psk, reply, corruptResponses, offered, GoingAway.NEVER);
    }

    private SpecSessionServer(byte[] psk, Reply reply, boolean corruptResponses, int offered, GoingAway goingAway) {
        this.psk = psk;
        this.reply = reply;
        this.corruptResponses = corruptResponses;
        this.offered = offered | goingAway.offered();
        this.goingAway = goingAway;
    }

    /** A server that writes going-away frames before the first response of each connection. */
    static SpecSessionServer goingAway(byte[] psk, GoingAway goingAway) {
        return new SpecSessionServer(psk, Reply.VALID, false, SEGMENTS, goingAway);
    }

    /** For each request received, in arrival order, the number of its connection, counted from 0. */
    List<Integer> requestConnections() {
        return List.copyOf(this.requestConnections);
    }

    /** The connections whose client closed them after the handshake. */
    int connectionsEnded() {
        return this.connectionsEnded.get();
    }

    SpecSessionServer(byte[] psk) {
        this(psk, Reply.VALID, false);
    }

    /** A server that accepts metadata (feature bit 2) as well as segments. */
    static SpecSessionServer withMetadata(byte[] psk) {
        return new SpecSessionServer(psk, Reply.VALID, false, SEGMENTS | SpecSession.METADATA);
    }

    /** The metadata of every request that carried a block, in arrival order. */
    List<Map<String, String>> metadata() {
        return List.copyOf(this.metadata);
    }

    /** Offers LZ4 (feature bit 0), announcing the largest body it decompresses; before {@link #start()}. */
    SpecSessionServer offerLz4(int maxDecompressedBody) {
        this.lz4Limit = maxDecompressedBody;
        return this;
    }

    /**
     * Answers every request with a compressed body whose length prefix is one byte above the client's announced
     * limit and whose block really expands to it; before {@link #start()}, with {@link #offerLz4(int)}.
     */
    SpecSessionServer bombResponses() {
        this.bombResponses = true;
        return this;
    }

    /**
     * Offers batches (feature bit 4); before {@link #start()}.
     * @param wellFormed whether the batches of answers are as the document says, or carry an empty message at their end
     */
    SpecSessionServer offerBatches(boolean wellFormed) {
        this.extraOffered |= SpecSession.BATCHES;
        this.wellFormedBatches = wellFormed;
        return this;
    }

    /** Answers a request whose body is {@code body} only once {@code latch} is open (for at most 30 s). */
    SpecSessionServer holdAnswerTo(String body, CountDownLatch latch) {
        this.heldBody = body;
        this.heldUntil = latch;
        return this;
    }

    /** The number of messages of each client batch, in arrival order. */
    List<Integer> batchSizes() {
        return List.copyOf(this.batchSizes);
    }

    /** Announces a key lifetime; before {@link #start()}. */
    SpecSessionServer keyLifetimeSeconds(int seconds) {
        this.keyLifetimeSeconds = seconds;
        return this;
    }

    SpecSessionServer start() throws IOException {
        this.server = BlockingServer.start("spec-session-server", this::serve);
        return this;
    }

    int port() {
        return this.server.port();
    }

    /** The plaintexts of the client frames opened so far, of all connections, in arrival order. */
    List<byte[]> received() {
        return List.copyOf(this.received);
    }

    /** The connections whose handshake completed, in the order they did. */
    List<Connection> connections() {
        return List.copyOf(this.connections);
    }

    @Override
    public void close() {
        this.server.close();
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            byte[] authFrame = new byte[SpecSession.AUTH_FRAME_LENGTH];
            in.readFully(authFrame);
            byte[] hello = SpecSession.open(this.psk, Arrays.copyOfRange(authFrame, 1, 13), new byte[0],
                    Arrays.copyOfRange(authFrame, 13, authFrame.length));
            if (authFrame[0] != 0 || hello == null || !Arrays.equals(hello, 0, 8, SpecSession.MARKER, 0, 8)
                    || hello[8] != SpecSession.VERSION) {
                return;
            }
            int requested = hello[9] & 0xFF;
            byte[] clientRandom = Arrays.copyOfRange(hello, 10, 42);
            byte[] clientPublicKey = Arrays.copyOfRange(hello, 42, 74);
            byte[] privateKey = SpecSession.randomBytes(32);
            byte[] serverRandom = SpecSession.randomBytes(32);
            int clientLimit = ByteBuffer.wrap(hello).getInt(82);
            int offered = this.offered | this.extraOffered | ((this.lz4Limit > 0) ? LZ4 : 0);
            int features = (this.reply == Reply.FEATURE_NOT_REQUESTED) ? 0x80 : requested & offered;
            byte[] boundTo = (this.reply == Reply.BOUND_TO_ANOTHER_AUTH_FRAME) ? SpecSession.randomBytes(157)
                    : authFrame;
            byte[] replyPlaintext = SpecSession.replyPlaintext(features, serverRandom,
                    SpecSession.x25519PublicKey(privateKey), 64, 1 << 20, (this.lz4Limit > 0) ? this.lz4Limit : 1 << 20,
                    this.keyLifetimeSeconds, boundTo);
            byte[] nonce = SpecSession.randomBytes(12);
            byte[] reply = (this.reply == Reply.WITHOUT_ASSOCIATED_DATA)
                    ? SpecSession.concat(new byte[] { SpecSession.ACK_SESSION }, nonce,
                            SpecSession.seal(this.psk, nonce, new byte[0], replyPlaintext))
                    : SpecSession.reply(this.psk, nonce, replyPlaintext);
            out.write(reply);
            out.flush();
            SpecSession.Keys keys = SpecSession.deriveKeys(this.psk, SpecSession.x25519(privateKey, clientPublicKey),
                    clientRandom, serverRandom, authFrame, reply);
            SpecSession.Direction opener = keys.clientToServer();
            SpecSession.Direction sealer = keys.serverToClient();
            Connection connection = new Connection(this.connectionCount.getAndIncrement(), System.nanoTime());
            this.connections.add(connection);
            Negotiated negotiated = new Negotiated((features & SEGMENTS) != 0, (features & LZ4) != 0, clientLimit,
                    (features & SpecSession.BATCHES) != 0);
            try {
                serveFrames(connection, negotiated, in, out, opener, sealer);
            }
            catch (EOFException ex) {
                this.connectionsEnded.incrementAndGet();
            }
            finally {
                connection.ended = true;
            }
        }
        catch (IOException ex) {
            // the connection ends: reset by the client
        }
    }

    private void serveFrames(Connection connection, Negotiated negotiated, DataInputStream in, OutputStream out,
            SpecSession.Direction opener, SpecSession.Direction sealer) throws IOException {
        while (true) {
            int length = in.readInt();
            if (length < 16 || length > 1 << 20) {
                return;
            }
            byte[] sealed = new byte[length];
            in.readFully(sealed);
            byte[] plaintext = opener.open(sealed);
            if (plaintext == null) {
                return;
            }
            connection.lastFrame = System.nanoTime();
            if (negotiated.batches && (plaintext[0] & 0xFF) == SpecSession.KIND_CLIENT_BATCH) {
                answerBatch(plaintext, connection, in, opener, sealer, out, negotiated);
                continue;
            }
            this.received.add(plaintext);
            answer(plaintext, connection, in, opener, sealer, out, negotiated);
        }
    }

    private void answerBatch(byte[] plaintext, Connection connection, DataInputStream in,
            SpecSession.Direction opener, SpecSession.Direction sealer, OutputStream out, Negotiated negotiated)
            throws IOException {
        List<byte[]> messages = SpecSession.messages(SpecSession.KIND_CLIENT_BATCH, plaintext);
        this.batchSizes.add(messages.size());
        List<byte[]> answers = new ArrayList<>();
        this.batchAnswers.set(answers);
        try {
            for (byte[] message : messages) {
                this.received.add(message);
                answer(message, connection, in, opener, sealer, out, negotiated);
            }
        }
        finally {
            this.batchAnswers.remove();
        }
        if (!this.wellFormedBatches) {
            answers.add(new byte[0]);
        }
        if (answers.size() == 1) {
            write(out, sealer, answers.get(0));
        }
        else if (!answers.isEmpty()) {
            write(out, sealer, SpecSession.batch(SpecSession.KIND_SERVER_BATCH, answers.toArray(byte[][]::new)));
        }
    }

    private void answer(byte[] plaintext, Connection connection, DataInputStream in, SpecSession.Direction opener,
            SpecSession.Direction sealer, OutputStream out, Negotiated negotiated) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(plaintext);
        int kind = frame.get() & 0xFF;
        if (kind == SpecSession.KIND_PING) {
            write(out, sealer, new byte[] { SpecSession.KIND_PONG });
        }
        else if (kind == SpecSession.KIND_REQUEST) {
            int id = frame.getInt();
            int flags = frame.get() & 0xFF;
            int routeLength = frame.get() & 0xFF;
            frame.position(frame.position() + routeLength);
            if ((flags & SpecSession.METADATA) != 0) {
                this.metadata.add(SpecSession.readMetadata(frame));
            }
            byte[] body = new byte[frame.remaining()];
            frame.get(body);
            if ((flags & SEGMENTS) != 0) {
                body = readSegments(body, id, in, opener);
            }
            if ((flags & LZ4) != 0) {
                body = negotiated.lz4 ? SpecSession.unlz4(body, this.lz4Limit) : null;
                if (body == null) {
                    throw new IOException("request " + id + " does not decompress within the limit");
                }
            }
            this.requestConnections.add(connection.number);
            if (this.heldUntil != null && new String(body, StandardCharsets.UTF_8).equals(this.heldBody)) {
                awaitHeld();
            }
            if (!connection.toldGoingAway) {
                connection.toldGoingAway = true;
                for (byte[] goingAway : this.goingAway.frames) {
                    write(out, sealer, goingAway);
                }
            }
            if ("refuse".equals(new String(body, StandardCharsets.UTF_8))) {
                write(out, sealer, SpecSession.response(id, 0, 2, "refused by the spec server", new byte[0]));
            }
            else if (this.bombResponses) {
                int limit = negotiated.clientLimit;
                write(out, sealer, SpecSession.response(id, LZ4, 0, "", SpecSession.lz4Claiming(limit + 1, limit + 1)));
            }
            else if (negotiated.lz4 && body.length > COMPRESSION_THRESHOLD && body.length <= negotiated.clientLimit) {
                write(out, sealer, SpecSession.response(id, LZ4, 0, "", SpecSession.lz4(body)));
            }
            else if (negotiated.segments && body.length > 64 * 1024) {
                write(out, sealer, SpecSession.concat(SpecSession.response(id, SEGMENTS, 0, "", new byte[0]),
                        ByteBuffer.allocate(4).putInt(body.length).array(), Arrays.copyOf(body, SEGMENT_SIZE)));
                for (int offset = SEGMENT_SIZE; offset < body.length; offset += SEGMENT_SIZE) {
                    write(out, sealer, SpecSession.withId(SpecSession.KIND_SERVER_CONTINUATION, id,
                            Arrays.copyOfRange(body, offset, Math.min(body.length, offset + SEGMENT_SIZE))));
                }
            }
            else {
                write(out, sealer, SpecSession.response(id, 0, 0, "", body));
            }
        }
    }

    private void awaitHeld() throws IOException {
        try {
            if (!this.heldUntil.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the held answer was never released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    private byte[] readSegments(byte[] first, int id, DataInputStream in, SpecSession.Direction opener)
            throws IOException {
        int bodyLength = ByteBuffer.wrap(first).getInt();
        byte[] body = Arrays.copyOfRange(first, 4, 4 + bodyLength);
        int received = first.length - 4;
        while (received < bodyLength) {
            byte[] sealed = new byte[in.readInt()];
            in.readFully(sealed);
            byte[] continuation = opener.open(sealed);
            if (continuation == null || continuation[0] != SpecSession.KIND_CLIENT_CONTINUATION
                    || ByteBuffer.wrap(continuation).getInt(1) != id) {
                throw new IOException("not the continuation of request " + id);
            }
            this.received.add(continuation);
            System.arraycopy(continuation, 5, body, received, continuation.length - 5);
            received += continuation.length - 5;
        }
        return body;
    }

    /**
     * A connection whose handshake completed: its number (counted from 0), when, when its last frame came, whether
     * it ended, whether it was told to go away.
     */
    static final class Connection {

        final int number;

        final long handshake;

        volatile long lastFrame;

        volatile boolean ended;

        private boolean toldGoingAway;

        Connection(int number, long handshake) {
            this.number = number;
            this.handshake = handshake;
            this.lastFrame = handshake;
        }

    }

    private record Negotiated(boolean segments, boolean lz4, int clientLimit, boolean batches) {
    }

    private void write(OutputStream out, SpecSession.Direction sealer, byte[] plaintext) throws IOException {
        List<byte[]> answers = this.batchAnswers.get();
        if (answers != null) {
            answers.add(plaintext);
            return;
        }
        byte[] frame = sealer.sealFrame(plaintext);
        if (this.corruptResponses && plaintext[0] == SpecSession.KIND_RESPONSE) {
            frame[frame.length - 1] ^= 1;
        }
        out.write(frame);
        out.flush();
    }

}
