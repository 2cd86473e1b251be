package io.falcotcp.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span.Kind;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.falcotcp.spring.test.autoconfigure.AutoConfigureTestFalcoTransport;
import io.falcotcp.spring.test.autoconfigure.FalcoTestProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace across the sample, over real sockets: an HTTP request to {@code /demo/orders} that carries a W3C
 * {@code traceparent} is traced in that trace by the HTTP server, by the FalcoTCP client that places the order and by
 * the FalcoTCP server that answers it, and the line the order handler logs carries the trace and span ids in its
 * logging context (MDC), which the sample's log pattern shows, beside the route its interceptor puts there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureTestFalcoTransport(transport = FalcoTestProperties.Transport.SOCKET)
class SampleTracingTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    private FinishedSpans finishedSpans;

    @LocalServerPort
    private int httpPort;

    private final Logger handlerLogger = (Logger) LoggerFactory.getLogger(OrderHandlers.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureTheHandlersLines() {
        this.lines.start();
        this.handlerLogger.addAppender(this.lines);
    }

    @AfterEach
    void releaseTheHandlersLogger() {
        this.handlerLogger.detachAppender(this.lines);
    }

    @Test
    void anOrderPlacedOverHttpIsOneTraceFromTheHttpRequestToTheHandlersLogLine() throws Exception {
        HttpResponse<String> response = this.http.send(HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/demo/orders"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"customerId\":\"c-traced\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":1,\"unitPriceCents\":1999}]}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        MutableSpan httpSpan = this.finishedSpans.await("http post /demo/orders");
        MutableSpan clientSpan = this.finishedSpans.await("falco default orders.create");
        MutableSpan serverSpan = this.finishedSpans.await("falco orders.create");
        assertThat(httpSpan.kind()).isEqualTo(Kind.SERVER);
        assertThat(httpSpan.traceId()).isEqualTo(TRACE_ID);
        assertThat(httpSpan.parentId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(clientSpan.kind()).isEqualTo(Kind.CLIENT);
        assertThat(clientSpan.traceId()).isEqualTo(TRACE_ID);
        assertThat(clientSpan.parentId()).isEqualTo(httpSpan.id());
        assertThat(serverSpan.kind()).isEqualTo(Kind.SERVER);
        assertThat(serverSpan.traceId()).isEqualTo(TRACE_ID);
        assertThat(serverSpan.parentId()).isEqualTo(clientSpan.id());
        assertThat(this.lines.list).singleElement().satisfies((line) -> {
            assertThat(line.getFormattedMessage()).contains("of customer c-traced placed");
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID)
                .containsEntry("spanId", serverSpan.id())
                .containsEntry(LoggingContextInterceptor.ROUTE, "orders.create");
        });
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SpanCapture {

        @Bean
        FinishedSpans finishedSpans() {
            return new FinishedSpans();
        }

    }

    /**
     * Keeps the spans the application's Brave tracing finishes.
     */
    static class FinishedSpans extends SpanHandler {

        private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            this.spans.add(span);
            return true;
        }

        /**
         * The one span of a name; a span may end after the response that it covers is sent.
         */
        MutableSpan await(String name) {
            List<MutableSpan> named = Awaitility.await("a span named '" + name + "'")
                .atMost(Duration.ofSeconds(30))
                .until(() -> this.spans.stream().filter((span) -> name.equals(span.name())).toList(),
                        (found) -> !found.isEmpty());
            assertThat(named).as("spans named '%s'", name).hasSize(1);
            return named.get(0);
        }

    }

}
