package io.falcotcp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.transport.TransportKind;

/**
 * An echo server for {@link FileDescriptorExhaustionTests}, run in a child JVM under a low open-file limit:
 * {@code FileLimitedServer <transport> <key in hex>}. It prints {@code ready <port>} once it serves, and stops when
 * its standard input ends.
 */
final class FileLimitedServer {

    private FileLimitedServer() {
    }

    public static void main(String[] args) throws IOException {
        FalcoKey key = FalcoKey.fromHex(args[1]);
        FalcoServer server = FalcoServer.builder().key(key).host("127.0.0.1").port(0)
            .transport(TransportKind.valueOf(args[0]))
            .handshakeTimeout(Duration.ofSeconds(60))
            .handler((request, context) -> request)
            .build();
        server.start();
        // Loads the classes and the JDK crypto of both handshakes while files can still be opened: a class on a
        // directory of the class path is read from its own file.
        for (ClientMode mode : new ClientMode[] { ClientMode.SESSION, ClientMode.V1 }) {
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(server.port()).key(key)
                .mode(mode).build()) {
                client.request("warm-up".getBytes(StandardCharsets.UTF_8));
            }
        }
        System.out.println("ready " + server.port());
        while (System.in.read() != -1) {
            // the test closes the stream to stop the server
        }
        server.stop();
    }

}
