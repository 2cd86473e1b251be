package io.falcotcp.fuzz;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Connections left stalled while a fuzz run goes on: one silent, the others stopped in the middle of a frame in
 * each state (auth, v1 header, v1 body, session frame). The server must close each on its own timer (handshake
 * timeout or lifetime) without writing anything more.
 */
final class StalledConnections implements Closeable {

    private final Map<String, WireConnection> connections = new LinkedHashMap<>();

    private StalledConnections() {
    }

    static StalledConnections open(FuzzTarget target, Random random) throws IOException {
        StalledConnections stalled = new StalledConnections();
        try {
            byte[] key = target.keyBytes();
            stalled.add("a silent connection", target);
            stalled.add("an auth frame cut after 100 bytes", target)
                .write(Arrays.copyOf(V1Wire.authFrame(key, random), 100));
            stalled.v1("a v1 message header cut after 5 bytes", target, random)
                .write(Arrays.copyOf(V1Wire.message(key, new byte[300], random), 5));
            stalled.v1("a v1 message cut in its body", target, random)
                .write(Arrays.copyOf(V1Wire.message(key, new byte[300], random), 100));
            WireConnection session = stalled.add("a session frame cut in its sealed bytes", target);
            SessionWire wire = SessionWire.handshake(session, target.key(), false, Scenario.EMPTY);
            session.write(Arrays.copyOf(wire.frame(SessionWire.request(1, 0, Scenario.EMPTY, new byte[300])), 20));
            return stalled;
        }
        catch (IOException | RuntimeException | Error ex) {
            stalled.close();
            throw ex;
        }
    }

    private WireConnection add(String description, FuzzTarget target) throws IOException {
        WireConnection connection = WireConnection.open(target.port());
        this.connections.put(description, connection);
        return connection;
    }

    private WireConnection v1(String description, FuzzTarget target, Random random) throws IOException {
        WireConnection connection = add(description, target);
        connection.write(V1Wire.authFrame(target.keyBytes(), random));
        Scenario.check(connection.readUnsignedByte() == 0xFF, "0xFF for a valid auth frame");
        return connection;
    }

    /**
     * Asserts that the server closed every stalled connection without another byte.
     * @param timers the server's handshake timeout and lifetime
     * @param tally where the closes are counted
     */
    void expectClosedByServer(Duration timers, FuzzTally tally) throws IOException {
        for (Map.Entry<String, WireConnection> stalled : this.connections.entrySet()) {
            stalled.getValue().expectEndWithoutData(stalled.getKey(), timers.plus(WireConnection.READ_TIMEOUT));
            tally.saw(FuzzTally.Outcome.STALLED_CLOSED_BY_SERVER);
        }
    }

    @Override
    public void close() throws IOException {
        for (WireConnection connection : this.connections.values()) {
            connection.close();
        }
    }

}
