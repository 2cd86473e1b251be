package io.falcotcp.sample;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.falcotcp.spring.client.FalcoClient;
import io.falcotcp.spring.test.autoconfigure.AutoConfigureTestFalcoTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@link LoggingContextInterceptor}, in-process: the line a handler logs carries its request's route
 * and connection id.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@AutoConfigureTestFalcoTransport
class LoggingContextInterceptorTests {

    private final Logger handlerLogger = (Logger) LoggerFactory.getLogger(InventoryHandlers.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private Level level;

    @Autowired
    private FalcoClient falcoClient;

    @BeforeEach
    void captureTheHandlersLines() {
        this.level = this.handlerLogger.getLevel();
        this.handlerLogger.setLevel(Level.DEBUG);
        this.lines.start();
        this.handlerLogger.addAppender(this.lines);
    }

    @AfterEach
    void restoreTheHandlersLogger() {
        this.handlerLogger.detachAppender(this.lines);
        this.handlerLogger.setLevel(this.level);
    }

    @Test
    void lineTheHandlerLogsCarriesTheRouteAndTheConnectionId() {
        this.falcoClient.route("inventory.stock")
            .send(new InventoryHandlers.StockQuery("PEN-7"), InventoryHandlers.StockLevel.class);
        assertThat(this.lines.list).singleElement().satisfies((line) -> {
            assertThat(line.getFormattedMessage()).startsWith("stock of PEN-7 asked by");
            assertThat(line.getMDCPropertyMap()).containsEntry(LoggingContextInterceptor.ROUTE, "inventory.stock")
                .hasEntrySatisfying(LoggingContextInterceptor.CONNECTION,
                        (connection) -> assertThat(connection).containsOnlyDigits());
        });
    }

}
