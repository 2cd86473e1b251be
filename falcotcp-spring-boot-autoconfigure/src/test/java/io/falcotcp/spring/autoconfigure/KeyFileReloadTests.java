package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;

import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.server.FalcoServer;
import io.falcotcp.server.RequestHandler;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.testsupport.Await;
import io.falcotcp.testsupport.SteadyLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reload-key-file}: a running server and client read their key files again when they change, so that a key
 * is rotated in the order docs/security.md gives, under load, without a failed request; a file that stops holding a
 * key is reported and changes nothing; the flag without a key file fails start-up naming it.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyFileReloadTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String CHECK_INTERVAL = "falco.key-files.check-interval=100ms";

    @TempDir
    Path directory;

    private final FalcoKey oldKey = FalcoKey.generate();

    private final FalcoKey newKey = FalcoKey.generate();

    @Test
    void aRunningServerAndClientRotateThroughTheirKeyFilesWithoutAFailedRequest(CapturedOutput output)
            throws Exception {
        Path serverFile = write("server.key", text(this.oldKey));
        Path clientFile = write("client.key", text(this.oldKey));
        serverRunner(serverFile).run((serverContext) -> {
            FalcoServer server = serverContext.getBean(FalcoServer.class);
            clientRunner(clientFile, server.port()).run((clientContext) -> {
                FalcoClient client = clientContext.getBean(FalcoClient.class);
                FalcoTcpClient tcpClient = client.getTcpClient();
                SteadyLoad load = SteadyLoad.start(client::send);
                awaitNewConnections(tcpClient, 2);

                replace(serverFile, text(this.oldKey) + "\n" + text(this.newKey) + "\n");
                Await.until("the server reloads its key file", WAIT, () -> server.stats().keyReplacements() == 1);
                replace(clientFile, text(this.newKey));
                Await.until("the client reloads its key file", WAIT, () -> tcpClient.stats().keyReplacements() == 1);
                awaitNewConnections(tcpClient, 4);
                replace(serverFile, "# the old key is retired\n" + text(this.newKey) + "\n");
                Await.until("the server drops the old key", WAIT, () -> server.stats().keyReplacements() == 2);
                awaitNewConnections(tcpClient, 4);

                replace(serverFile, "not a key");
                String reported = "A key file changed but was not applied, the keys in use stay: "
                        + "falco.server.key-file: URL [file:" + serverFile + "] does not hold a usable FalcoTCP key";
                Await.until("the bad file is reported", WAIT, () -> output.toString().contains(reported));
                awaitNewConnections(tcpClient, 2);

                load.stop();
                assertThat(load.failures()).as("failed requests").isEmpty();
                assertThat(load.succeeded()).isPositive();
                assertThat(tcpClient.stats().authenticationFailures()).isZero();
                assertThat(server.stats().keyReplacements()).isEqualTo(2);
            });
        });
        assertThat(output).doesNotContain(text(this.oldKey)).doesNotContain(text(this.newKey));
    }

    @Test
    void reloadWithoutAKeyFileFailsStartUpNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoServerAutoConfiguration.class))
            .withUserConfiguration(Echo.class)
            .withPropertyValues("falco.server.key=" + text(this.oldKey), "falco.server.reload-key-file=true")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("falco.server.reload-key-file")
                .hasMessageContaining("needs falco.server.key-file"));
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class))
            .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key=" + text(this.oldKey),
                    "falco.client.targets.orders.reload-key-file=true")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("falco.client.targets.orders.reload-key-file")
                .hasMessageContaining("needs a key-file"));
    }

    @Test
    void aClientKeyFileListingSeveralKeysFailsStartUpNamingTheProperty() throws IOException {
        Path file = write("client.key", text(this.newKey) + "\n" + text(this.oldKey) + "\n");
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class))
            .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.key-file=file:" + file)
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("falco.client.key-file")
                .hasMessageContaining("lists 2 keys where one is expected"));
    }

    private ApplicationContextRunner serverRunner(Path keyFile) {
        return new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoServerAutoConfiguration.class))
            .withUserConfiguration(Echo.class)
            .withPropertyValues("falco.server.host=127.0.0.1", "falco.server.port=0",
                    "falco.server.key-file=file:" + keyFile, "falco.server.reload-key-file=true",
                    "falco.server.session-key-lifetime=2s", CHECK_INTERVAL);
    }

    private ApplicationContextRunner clientRunner(Path keyFile, int port) {
        return new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FalcoCodecAutoConfiguration.class, FalcoClientAutoConfiguration.class))
            .withPropertyValues("falco.client.host=127.0.0.1", "falco.client.port=" + port, "falco.client.pool-size=2",
                    "falco.client.key-file=file:" + keyFile, "falco.client.reload-key-file=true", CHECK_INTERVAL);
    }

    private Path write(String name, String content) throws IOException {
        Path file = Files.writeString(this.directory.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Replaces a file the way deployment tools do: a new file moved over the old one. */
    private void replace(Path file, String content) throws IOException {
        Path next = write(file.getFileName() + ".next", content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(FalcoKey key) {
        return Base64.getEncoder().encodeToString(key.toByteArray());
    }

    private static void awaitNewConnections(FalcoTcpClient client, int count) throws InterruptedException {
        long target = client.stats().connectionsEstablished() + count;
        Await.until(count + " new connections", WAIT, () -> client.stats().connectionsEstablished() >= target);
    }

    @Configuration(proxyBeanMethods = false)
    static class Echo {

        @Bean
        RequestHandler echo() {
            return (request, context) -> request;
        }

    }

}
