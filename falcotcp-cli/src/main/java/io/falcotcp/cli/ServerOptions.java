package io.falcotcp.cli;

import java.time.Duration;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * Which FalcoTCP server a command talks to: {@code HOST:PORT}, or {@code --host} and {@code --port}.
 */
final class ServerOptions {

    static final String DEFAULT_HOST = "127.0.0.1";

    static final int DEFAULT_PORT = 7878;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT",
            description = "The server, e.g. localhost:7878 or [::1]:7878 (default " + DEFAULT_HOST + ":" + DEFAULT_PORT
                    + "); or give --host and --port.")
    private @Nullable String endpoint;

    @Option(names = "--host", paramLabel = "HOST", description = "The server's host (default " + DEFAULT_HOST + ").")
    private @Nullable String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The server's port (default " + DEFAULT_PORT + ").")
    private @Nullable Integer port;

    /**
     * The server's address.
     * @param commandLine the command, for usage errors
     * @return the host and port
     * @throws ParameterException when both forms are given or the endpoint does not parse
     */
    Endpoint endpoint(CommandLine commandLine) {
        if (this.endpoint == null) {
            return checked(commandLine, (this.host != null) ? this.host : DEFAULT_HOST,
                    (this.port != null) ? this.port : DEFAULT_PORT);
        }
        if (this.host != null || this.port != null) {
            throw new ParameterException(commandLine, "give the server once: HOST:PORT or --host and --port");
        }
        int colon = this.endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == this.endpoint.length() - 1) {
            throw new ParameterException(commandLine, "'" + this.endpoint + "' is not HOST:PORT");
        }
        String hostPart = this.endpoint.substring(0, colon);
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        try {
            return checked(commandLine, hostPart, Integer.parseInt(this.endpoint.substring(colon + 1)));
        }
        catch (NumberFormatException ex) {
            throw new ParameterException(commandLine, "'" + this.endpoint + "' is not HOST:PORT: the port is not "
                    + "a number");
        }
    }

    private static Endpoint checked(CommandLine commandLine, String host, int port) {
        if (host.isBlank()) {
            throw new ParameterException(commandLine, "the host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(commandLine, "the port must be between 1 and 65535 (got " + port + ")");
        }
        return new Endpoint(host, port);
    }

    /**
     * A server's host and port.
     *
     * @param host its host name or address
     * @param port its port
     */
    record Endpoint(String host, int port) {

        @Override
        public String toString() {
            return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
        }

    }

    /**
     * The client settings that {@code call} and {@code ping} share.
     */
    static final class ClientOptions {

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "session",
                description = "session (default), auto (session, or plain v1 where the server has nothing else) or "
                        + "v1 (plain FalcoTCP v1, e.g. for the Rust and Python references).")
        private String mode = "session";

        @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
                converter = DurationConverter.class,
                description = "How long connecting and authenticating may take, e.g. 500ms, 5s (default 5s).")
        private Duration connectTimeout = Duration.ofSeconds(5);

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
                converter = DurationConverter.class,
                description = "How long a request may take, connecting included (default 10s).")
        private Duration timeout = Duration.ofSeconds(10);

        /**
         * How long connecting and authenticating may take.
         * @return the connect timeout
         */
        Duration connectTimeout() {
            return this.connectTimeout;
        }

        /**
         * How long a request may take.
         * @return the request timeout
         */
        Duration timeout() {
            return this.timeout;
        }

        /**
         * A client builder for one connection to the server with these settings, without the crypto warm-up that
         * pays off only for long-running clients.
         * @param endpoint the server
         * @param commandLine the command, for usage errors
         * @return the builder; the caller adds the key
         */
        FalcoTcpClient.Builder clientBuilder(Endpoint endpoint, CommandLine commandLine) {
            return FalcoTcpClient.builder().host(endpoint.host()).port(endpoint.port()).mode(mode(commandLine))
                    .connectTimeout(this.connectTimeout).requestTimeout(this.timeout)
                    // one failed attempt is the answer: the pool's retries would only repeat it
                    .reconnectBackoff(this.timeout, this.timeout).cryptoWarmUp(false);
        }

        private ClientMode mode(CommandLine commandLine) {
            return switch (this.mode) {
                case "session" -> ClientMode.SESSION;
                case "auto" -> ClientMode.AUTO;
                case "v1" -> ClientMode.V1;
                default -> throw new ParameterException(commandLine, "--mode is session, auto or v1 (got '"
                        + this.mode + "')");
            };
        }

    }

}
