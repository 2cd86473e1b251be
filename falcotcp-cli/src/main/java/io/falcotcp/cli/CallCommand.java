package io.falcotcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;

import io.falcotcp.client.FalcoClientException;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.client.v02.V02Client;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ProtocolV1;
import io.falcotcp.protocol.v02.V02Compression;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code falcotcp call}: sends one request, to a route or the server's default handler, and prints the answer; with
 * {@code --v02} in the FalcoTCP 0.2 framing.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Send one request and print the answer (raw bytes, or pretty JSON with --json).")
final class CallCommand implements Callable<Integer> {

    /** The largest body this client sends with its default frame limit. */
    private static final int MAX_BODY = ProtocolV1.DEFAULT_MAX_FRAME_SIZE - ProtocolV1.SEAL_OVERHEAD;

    private final CliContext context;

    @Spec
    private @Nullable CommandSpec spec;

    @Mixin
    private ServerOptions server = new ServerOptions();

    @Mixin
    private ServerOptions.ClientOptions client = new ServerOptions.ClientOptions();

    @Mixin
    private KeyOptions key = new KeyOptions();

    @Option(names = { "-r", "--route" }, paramLabel = "ROUTE",
            description = "The route, e.g. orders.create (session mode); without it the server's default handler.")
    private @Nullable String route;

    @ArgGroup(exclusive = true)
    private @Nullable Body body;

    @Option(names = "--json", description = "Pretty-print the answer as JSON.")
    private boolean json;

    @Option(names = "--v02", description = "Speak the FalcoTCP 0.2 framing of the Rust io_uring crate (a port of its "
            + "own; no handshake, no routes) instead of v1 and the session mode.")
    private boolean v02;

    @Option(names = "--compression", paramLabel = "COMPRESSION",
            description = "With --v02: none (default), lzma, gzip, lz4 or zstd; the server answers with the same.")
    private @Nullable V02Compression compression;

    CallCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CommandLine commandLine = Objects.requireNonNull(this.spec, "spec").commandLine();
        ServerOptions.Endpoint endpoint = this.server.endpoint(commandLine);
        if (this.key.readsStandardInput() && this.body != null && this.body.readsStandardInput()) {
            throw new ParameterException(commandLine, "standard input can carry the key or the body, not both");
        }
        checkV02Options(commandLine);
        FalcoKey requestKey = this.key.resolve(this.context, commandLine);
        byte[] request = (this.body != null) ? this.body.read(this.context, commandLine) : new byte[0];
        byte[] answer;
        try {
            answer = this.v02 ? requestV02(endpoint, requestKey, request) : request(endpoint, requestKey, request,
                    commandLine);
        }
        catch (FalcoClientException ex) {
            ClientFailure failure = ClientFailure.of(ex);
            this.context.err().println("falcotcp call: " + failure.message());
            return failure.exitCode();
        }
        catch (IllegalArgumentException ex) {
            // a route or body the client refuses before sending
            throw new ParameterException(commandLine, ex.getMessage());
        }
        print(answer);
        return ExitCode.OK;
    }

    private byte[] request(ServerOptions.Endpoint endpoint, FalcoKey requestKey, byte[] request,
            CommandLine commandLine) {
        try (FalcoTcpClient falco = this.client.clientBuilder(endpoint, commandLine).key(requestKey).build()) {
            return falco.request(this.route, request);
        }
    }

    private byte[] requestV02(ServerOptions.Endpoint endpoint, FalcoKey requestKey, byte[] request) {
        try (V02Client falco = V02Client.builder().host(endpoint.host()).port(endpoint.port()).key(requestKey)
                .compression((this.compression != null) ? this.compression : V02Compression.NONE)
                .connectTimeout(this.client.connectTimeout()).requestTimeout(this.client.timeout()).build()) {
            return falco.request(request);
        }
    }

    private void checkV02Options(CommandLine commandLine) {
        if (this.v02) {
            if (this.route != null) {
                throw new ParameterException(commandLine, "FalcoTCP 0.2 has no routes: leave --route out to reach the "
                        + "server's handler");
            }
            if (commandLine.getParseResult().hasMatchedOption("--mode")) {
                throw new ParameterException(commandLine, "--mode chooses among v1 and the session mode; --v02 is "
                        + "the other wire format");
            }
        }
        else if (this.compression != null) {
            throw new ParameterException(commandLine, "--compression is for --v02; the session mode negotiates its "
                    + "own");
        }
    }

    private void print(byte[] answer) {
        if (!this.json) {
            this.context.out().writeBytes(answer);
            this.context.out().flush();
            return;
        }
        JsonMapper mapper = JsonMapper.builder().build();
        try {
            JsonNode tree = mapper.readTree(answer);
            this.context.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        }
        catch (JacksonException ex) {
            this.context.err().println("falcotcp call: the answer is not JSON (" + ex.getOriginalMessage()
                    + "); printed as it came");
            this.context.out().writeBytes(answer);
            this.context.out().flush();
        }
    }

    /**
     * Where the request body comes from; none is an empty body.
     */
    static final class Body {

        @Option(names = { "-d", "--data" }, paramLabel = "TEXT", description = "The body, as UTF-8 text.")
        private @Nullable String text;

        @Option(names = "--data-file", paramLabel = "FILE", description = "The body from FILE; - for standard input.")
        private @Nullable Path file;

        boolean readsStandardInput() {
            return this.file != null && "-".equals(this.file.toString());
        }

        byte[] read(CliContext context, CommandLine commandLine) {
            if (this.text != null) {
                return this.text.getBytes(StandardCharsets.UTF_8);
            }
            Path source = Objects.requireNonNull(this.file, "file");
            try {
                if (readsStandardInput()) {
                    return limited(context.in(), "standard input", commandLine);
                }
                try (InputStream in = Files.newInputStream(source)) {
                    return limited(in, source.toString(), commandLine);
                }
            }
            catch (IOException ex) {
                throw new ParameterException(commandLine, "cannot read the body from " + source + ": " + ex);
            }
        }

        private static byte[] limited(InputStream in, String name, CommandLine commandLine) throws IOException {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ParameterException(commandLine, "the body in " + name + " is larger than the " + MAX_BODY
                        + " bytes a request can carry");
            }
            return bytes;
        }

    }

}
