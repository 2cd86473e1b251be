package io.falcotcp.spring.handler;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.AsyncRequestHandler;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.server.RequestContext;
import io.falcotcp.server.RequestHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServerRequestObservationTests {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final ObservationRegistry observations = FalcoHandlerRouterTests.observations(this.meters);

    @Test
    void listedRoutesAreTagsAndAnyOtherRouteIsOther() throws Exception {
        RequestHandler handler = ServerRequestObservation.observe((RequestHandler) (request, context) -> request,
                this.observations, Set.of("orders.get")::contains);
        handler.handle(new byte[0], new TestRequestContext("orders.get"));
        handler.handle(new byte[0], new TestRequestContext("made.up.by.a.client"));
        handler.handle(new byte[0], TestRequestContext.PLAIN_V1);
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "orders.get").timer().count()).isOne();
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "(other)").timer().count()).isOne();
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("route", "(default)").timer().count()).isOne();
    }

    @Test
    void exceptionOfASynchronousHandlerIsAHandlerErrorWithTheExceptionAsError() {
        RequestHandler handler = ServerRequestObservation.observe((RequestHandler) (request, context) -> {
            throw new IllegalStateException("disk full");
        }, this.observations, (route) -> false);
        assertThatIllegalStateException().isThrownBy(() -> handler.handle(new byte[0], TestRequestContext.PLAIN_V1))
            .withMessage("disk full");
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "HANDLER_ERROR")
            .tag("error", "IllegalStateException").timer().count()).isOne();
    }

    @Test
    void missingResponseIsAHandlerError() throws Exception {
        RequestHandler handler = ServerRequestObservation.observe((RequestHandler) (request, context) -> null,
                this.observations, (route) -> false);
        assertThat(handler.handle(new byte[0], TestRequestContext.PLAIN_V1)).isNull();
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "HANDLER_ERROR").timer().count())
            .isOne();
    }

    @Test
    void asynchronousHandlerIsObservedUntilItsStageCompletesWithTheStatusItFailsWith() {
        CompletableFuture<byte[]> later = new CompletableFuture<>();
        AsyncRequestHandler handler = ServerRequestObservation.observe((AsyncRequestHandler) (request,
                context) -> later, this.observations, (route) -> false);
        CompletionStage<byte[]> response = handler.handle(new byte[0], TestRequestContext.PLAIN_V1);
        assertThat(this.meters.find(ServerRequestObservation.NAME).timer()).isNull();
        later.completeExceptionally(new FalcoRequestException(RequestStatus.OVERLOADED, "busy"));
        assertThat(response.toCompletableFuture()).isCompletedExceptionally();
        assertThat(this.meters.get(ServerRequestObservation.NAME).tag("outcome", "OVERLOADED").tag("error", "none")
            .timer().count()).isOne();
    }

    @Test
    void blocksIsAskedOfTheObservedHandler() {
        RequestHandler handler = ServerRequestObservation.observe(new RequestHandler() {

            @Override
            public byte[] handle(byte[] request, RequestContext context) {
                return request;
            }

            @Override
            public boolean blocks(byte[] request, RequestContext context) {
                return false;
            }

        }, this.observations, (route) -> false);
        assertThat(handler.blocks(new byte[0], TestRequestContext.PLAIN_V1)).isFalse();
    }

}
