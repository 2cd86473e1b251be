package io.falcotcp.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.falcotcp.client.ClientMode;
import io.falcotcp.client.FalcoTcpClient;
import io.falcotcp.crypto.FalcoKey;
import org.junit.jupiter.api.Test;
import org.springframework.test.util.TestSocketUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as it is packaged, with the code Spring AOT generated at build time ({@code process-aot}), started in a
 * process of its own with {@code -Dspring.aot.enabled=true} (which fails start-up when that code is missing): it
 * answers a plain v1 client written from the spec, its JSON routes in session mode, its HTTP endpoint that calls the
 * server through the injected {@code FalcoClient}, and its health endpoint; and the jar carries the native-image
 * hints of the handler methods and their JSON types. Run by failsafe in {@code mvn verify}.
 */
class SampleApplicationAotIT {

    private static final String KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    private static final Pattern FALCO_LISTENING = Pattern
        .compile("FalcoTCP server listening on /127\\.0\\.0\\.1:(\\d+)");

    private static final Pattern HTTP_STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theAotProcessedJarStartsInAotModeAndServesClientsRoutesAndHttp() throws Exception {
        Path jar = Path.of(System.getProperty("falcotcp.sample.jar"));
        assertThat(jar).exists();
        // the sample's own client calls its server, so the server needs a port known before it starts
        int falcoPort = TestSocketUtils.findAvailableTcpPort();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspring.aot.enabled=true", "-jar", jar.toString(), "--server.port=0",
                "--falco.server.port=" + falcoPort, "--falco.server.host=127.0.0.1", "--falco.server.key=" + KEY,
                "--spring.main.banner-mode=off")
            .redirectErrorStream(true)
            .start();
        Queue<String> log = new ConcurrentLinkedQueue<>();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        CompletableFuture<Integer> httpPort = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLog(app, log, listening, httpPort), "sample-log");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(listening.get(60, TimeUnit.SECONDS)).as("%s", log).isEqualTo(falcoPort);
            int port = httpPort.get(60, TimeUnit.SECONDS);

            try (SpecV1Client client = SpecV1Client.connect(falcoPort, KEY)) {
                assertThat(client.request("hello aot".getBytes(StandardCharsets.UTF_8))).asString()
                    .isEqualTo("hello aot");
            }
            try (FalcoTcpClient client = FalcoTcpClient.builder().host("127.0.0.1").port(falcoPort)
                .key(FalcoKey.parse(KEY)).mode(ClientMode.SESSION).cryptoWarmUp(false).build()) {
                String confirmation = text(client.request("orders.create", bytes(
                        "{\"customerId\":\"c-1\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPriceCents\":1999}]}")));
                assertThat(confirmation).contains("\"customerId\":\"c-1\"").contains("\"totalCents\":3998");
                assertThat(text(client.request("inventory.stock", bytes("{\"sku\":\"BOOK-1\"}"))))
                    .isEqualTo("{\"sku\":\"BOOK-1\",\"available\":12}");
            }
            HttpResponse<String> order = this.http.send(HttpRequest.newBuilder(uri(port, "/demo/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customerId\":\"c-9\",\"lines\":[{\"sku\":\"PEN-7\",\"quantity\":3,\"unitPriceCents\":250}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(order.statusCode()).isEqualTo(200);
            assertThat(order.body()).contains("\"customerId\":\"c-9\"").contains("\"totalCents\":750");
            HttpResponse<String> health = this.http.send(HttpRequest.newBuilder(uri(port, "/actuator/health"))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"falco\"").contains("\"routes\"").contains("orders.create");
        }
        finally {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void theJarCarriesTheNativeImageHintsOfTheHandlersAndTheirJsonTypes() throws IOException {
        Map<String, JsonNode> reflection = new HashMap<>();
        try (ZipFile jar = new ZipFile(System.getProperty("falcotcp.sample.jar"))) {
            ZipEntry hints = jar.getEntry("META-INF/native-image/io.falcotcp/falcotcp-sample-app/reachability-metadata.json");
            assertThat(hints).isNotNull();
            try (InputStream content = jar.getInputStream(hints)) {
                JsonMapper.shared().readTree(content).path("reflection")
                    .forEach((type) -> reflection.put(type.path("type").asString(), type));
            }
        }
        assertThat(methods(reflection, OrderHandlers.class)).contains("create", "get");
        assertThat(methods(reflection, InventoryHandlers.class)).contains("stock");
        assertThat(methods(reflection, EchoHandler.class)).contains("echo");
        assertThat(methods(reflection, Order.class)).contains("customerId", "lines");
        assertThat(methods(reflection, Order.OrderLine.class)).contains("sku", "quantity", "unitPriceCents");
        assertThat(methods(reflection, OrderConfirmation.class)).contains("orderId", "totalCents");
        assertThat(methods(reflection, InventoryHandlers.StockQuery.class)).contains("sku");
        assertThat(methods(reflection, InventoryHandlers.StockLevel.class)).contains("available");
    }

    private static List<String> methods(Map<String, JsonNode> reflection, Class<?> type) {
        JsonNode hint = reflection.get(type.getName());
        assertThat(hint).as("reflection hint of %s", type.getName()).isNotNull();
        List<String> names = new ArrayList<>();
        hint.path("methods").forEach((method) -> names.add(method.path("name").asString()));
        return names;
    }

    private static void readLog(Process app, Queue<String> log, CompletableFuture<Integer> listening,
            CompletableFuture<Integer> httpPort) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.add(line);
                complete(FALCO_LISTENING.matcher(line), listening);
                complete(HTTP_STARTED.matcher(line), httpPort);
            }
            IllegalStateException ended = new IllegalStateException("the sample app ended before it listened");
            listening.completeExceptionally(ended);
            httpPort.completeExceptionally(ended);
        }
        catch (IOException ex) {
            listening.completeExceptionally(ex);
            httpPort.completeExceptionally(ex);
        }
    }

    private static void complete(Matcher matcher, CompletableFuture<Integer> port) {
        if (matcher.find()) {
            port.complete(Integer.parseInt(matcher.group(1)));
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
