package io.falcotcp.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoDowngradeException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.transport.TransportKind;
import org.jspecify.annotations.Nullable;

/**
 * Drives a FalcoTCP echo server with the project's own {@link FalcoTcpClient}: one client whose pool holds all N
 * connections, spread over its event loops, each connection carrying up to its pipelining limit of requests.
 * <p>
 * {@link #open} returns only once the server has echoed a first request and every connection is authenticated,
 * so a run measures N connections from its first second, and a wrong address, key or server fails before any
 * warm-up with the reason.
 */
final class FalcoEchoClient implements EchoClient {

    /** Longer than any answer of a healthy server under load; a stuck request fails the run within it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final FalcoTcpClient client;

    private final String servers;

    private FalcoEchoClient(FalcoTcpClient client, String servers) {
        this.client = client;
        this.servers = servers;
    }

    /**
     * Connects to a server and checks that it is ready to be measured.
     * @param server the server and its protocol
     * @param connections the pool size
     * @param pipelinedRequests the most requests one connection carries at a time
     * @param eventLoopThreads the client's event-loop threads
     * @param transport the client's transport
     * @param payloadSize the size of the first request, the run's size
     * @return the connected client; close it when done
     * @throws MeasurementFailedException when the server refuses the connection or the key, does not echo the first
     *     request, does not let every connection in, or does not offer the session mode that was asked for
     */
    static FalcoEchoClient open(FalcoEndpoint server, int connections, int pipelinedRequests, int eventLoopThreads,
            TransportKind transport, int payloadSize) throws MeasurementFailedException, InterruptedException {
        return open(List.of(server), connections, pipelinedRequests, eventLoopThreads, transport, payloadSize);
    }

    /**
     * Connects to several servers of the same key and protocol, one client balancing over them, and checks that
     * each is ready to be measured; one server is reached through {@code host} and {@code port}, as a client of one
     * server is built.
     * @param servers the servers, at least one
     * @param connections the pool size, per server
     * @param pipelinedRequests the most requests one connection carries at a time
     * @param eventLoopThreads the client's event-loop threads
     * @param transport the client's transport
     * @param payloadSize the size of the first request, the run's size
     * @return the connected client; close it when done
     * @throws MeasurementFailedException as {@link #open(FalcoEndpoint, int, int, int, TransportKind, int)}
     */
    static FalcoEchoClient open(List<FalcoEndpoint> servers, int connections, int pipelinedRequests,
            int eventLoopThreads, TransportKind transport, int payloadSize)
            throws MeasurementFailedException, InterruptedException {
        FalcoEndpoint first = servers.get(0);
        FalcoTcpClient.Builder builder = FalcoTcpClient.builder().key(first.key())
                .poolSize(connections).maxPipelinedRequests(pipelinedRequests).eventLoopThreads(eventLoopThreads)
                .transport(transport).requestTimeout(REQUEST_TIMEOUT)
                // the one place that maps --protocol to the client's mode
                .mode((first.protocol() == WireProtocol.SESSION) ? ClientMode.SESSION : ClientMode.V1);
        if (servers.size() == 1) {
            builder.host(first.host()).port(first.port());
        }
        else {
            servers.forEach((server) -> builder.endpoint(server.host(), server.port()));
        }
        FalcoTcpClient client = builder.build();
        FalcoEchoClient echoClient = new FalcoEchoClient(client,
                String.join(", ", servers.stream().map(FalcoEndpoint::address).toList()));
        try {
            echoClient.awaitReady(connections * servers.size(), payloadSize);
            return echoClient;
        }
        catch (MeasurementFailedException | InterruptedException | RuntimeException ex) {
            client.close();
            throw ex;
        }
    }

    @Override
    public CompletableFuture<byte[]> echo(byte[] payload) {
        return this.client.requestAsync(payload);
    }

    @Override
    public void close() {
        this.client.close();
    }

    private void awaitReady(int connections, int payloadSize) throws MeasurementFailedException, InterruptedException {
        byte[] probe = new byte[payloadSize];
        new Random().nextBytes(probe);
        byte[] answer;
        try {
            answer = this.client.requestAsync(probe)
                    .get(REQUEST_TIMEOUT.toMillis() + TimeUnit.SECONDS.toMillis(1), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw failure(explain(ex.getCause()));
        }
        catch (TimeoutException ex) {
            throw failure("no answer to a first request within " + REQUEST_TIMEOUT.toSeconds() + " s");
        }
        String mismatch = Echo.mismatch(probe, answer);
        if (mismatch != null) {
            throw failure("it does not echo (" + mismatch + ")");
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (this.client.authenticatedConnections() < connections) {
            if (System.nanoTime() - deadline > 0) {
                Throwable last = this.client.lastFailure();
                throw failure("only " + this.client.authenticatedConnections() + " of " + connections
                        + " connections were authenticated after " + READY_TIMEOUT.toSeconds() + " s"
                        + ((last != null) ? "; last failure: " + last.getMessage() : ""));
            }
            Thread.sleep(10);
        }
    }

    private MeasurementFailedException failure(String reason) {
        return new MeasurementFailedException("cannot measure the FalcoTCP server at " + this.servers + ": "
                + reason);
    }

    private static String explain(@Nullable Throwable cause) {
        if (cause == null) {
            return "the first request failed";
        }
        if (cause instanceof FalcoDowngradeException) {
            return "it answered as a plain FalcoTCP v1 server, without the session mode; measure it with --protocol=v1";
        }
        String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
        return (cause instanceof FalcoAuthenticationException) ? "authentication failed: " + message : message;
    }

}
