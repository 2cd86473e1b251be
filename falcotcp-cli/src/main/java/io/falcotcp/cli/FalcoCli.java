package io.falcotcp.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code falcotcp} command: talks to FalcoTCP servers by hand (make a key, call a route, check a server,
 * measure it).
 */
@Command(name = "falcotcp", mixinStandardHelpOptions = true, versionProvider = FalcoCli.Version.class,
        description = "Talk to FalcoTCP servers: make a key, call a route, check a server, measure it.",
        subcommands = { KeygenCommand.class, CallCommand.class, PingCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = { "0:done", "1:the server answered with a failure (handler error, bad request, overloaded)",
                "2:wrong command line, missing or unusable key", "3:no connection (refused, lost, not FalcoTCP)",
                "4:the server refused the key", "5:plain FalcoTCP v1 server where the session mode is needed",
                "6:timeout", "7:no such route" })
public final class FalcoCli implements Runnable {

    @Spec
    private @Nullable CommandSpec spec;

    FalcoCli() {
    }

    /**
     * Runs the command line and exits with its status.
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /**
     * Runs one command line in this process.
     * @param context the environment and streams the commands use
     * @param args the arguments
     * @return the exit status, one of {@link ExitCode}
     */
    static int execute(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(FalcoCli.class, new ContextFactory(context))
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(Objects.requireNonNull(this.spec, "spec").commandLine(),
                "name a command: keygen, call, ping or bench");
    }

    /**
     * Creates the commands with the {@link CliContext} they need, and everything else as picocli does.
     */
    private static final class ContextFactory implements CommandLine.IFactory {

        private final CliContext context;

        private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(this.context));
                }
            }
            return this.defaults.create(type);
        }

    }

    /**
     * The version from the jar's manifest.
     */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = FalcoCli.class.getPackage().getImplementationVersion();
            return new String[] { "falcotcp " + ((version != null) ? version : "(development build)") };
        }

    }

}
