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
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.ProtocolV1;
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
 * {@code falcotcp call}: sends one request, to a route or the server's default handler, and prints the answer.
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
        FalcoKey requestKey = this.key.resolve(this.context, commandLine);
        byte[] request = (this.body != null) ? this.body.read(this.context, commandLine) : new byte[0];
        byte[] answer;
        try (FalcoTcpClient falco = this.client.clientBuilder(endpoint, commandLine).key(requestKey).build()) {
            answer = falco.request(this.route, request);
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
