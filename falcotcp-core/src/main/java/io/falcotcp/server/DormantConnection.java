package io.falcotcp.server;

import java.time.Duration;
import java.util.Set;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import org.jspecify.annotations.Nullable;

/**
 * What an established v1 or session-mode connection keeps in both of its shapes, and the dormant one.
 * <p>
 * In its full shape a connection has its eight stages ({@link #STAGES}). After
 * {@value ConnectionLifetime#DOZE_SECONDS} seconds without a message or ping, with nothing under way (no request in
 * flight or unanswered, no byte held by the decoder, no request bytes charged, reading not gated, the outbound buffer
 * writable, not retiring), it drops them all for a single stage, {@value #NAME}, and keeps only what must survive:
 * this object (its lifetime and timer, the key or the session keys and counters) and the request budget. The first
 * event that needs the stages (bytes from the peer, a change of writability, the server stopping, the key lifetime)
 * puts new ones back, in the order they had, and goes on through them; an error closes the connection as the error
 * stage does; a connection that closes while dormant only stops its timer. A pipeline with a stage this class does
 * not know never dozes.
 */
abstract class DormantConnection extends ConnectionLifetime {

    /** The name of the one stage of a dormant connection. */
    static final String NAME = "dormant";

    /** The stages of an established connection, in any order. */
    static final Set<String> STAGES = Set.of("traffic", "gate", "decoder", "flow", "codec", "lifetime",
            "dispatcher", "errors");

    private final RequestBudget budget;

    /**
     * Creates what an established connection keeps.
     * @param lifetime how long the connection may go without a message or ping
     * @param keyLifetime how long its session keys may be used from now, {@code null} in plain v1
     * @param budget the connection's request budget
     */
    DormantConnection(Duration lifetime, @Nullable Duration keyLifetime, RequestBudget budget) {
        super(lifetime, keyLifetime);
        this.budget = budget;
    }

    /**
     * Adds new stages of the full shape at the end of the pipeline, in their order.
     * @param pipeline the pipeline of the connection, whose only stage is the dormant one
     */
    abstract void addStages(ChannelPipeline pipeline);

    /**
     * The last stage of the full shape, which the dormant stage stands in for when an error reaches it.
     * @return the error stage
     */
    abstract ConnectionErrorHandler errors();

    /**
     * Whether the connection's frame decoder holds bytes of a frame not complete yet.
     * @param pipeline the pipeline in its full shape
     * @return {@code true} when it does
     */
    abstract boolean decoderHoldsBytes(ChannelPipeline pipeline);

    /**
     * Called once the connection took its dormant shape: drops what the stages no longer need.
     */
    void dozed() {
    }

    RequestBudget budget() {
        return this.budget;
    }

    @Override
    final boolean canDoze() {
        return true;
    }

    @Override
    final boolean doze(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (!channel.isActive() || !channel.isWritable() || !channel.config().isAutoRead()
                || this.budget.used() > 0 || !pipeline.toMap().keySet().equals(STAGES)) {
            return false;
        }
        ReadGate gate = ReadGate.of(pipeline);
        Dispatcher dispatcher = pipeline.get(Dispatcher.class);
        if (gate == null || !gate.isOpen() || dispatcher == null || !dispatcher.isIdle()
                || decoderHoldsBytes(pipeline)) {
            return false;
        }
        pipeline.addFirst(NAME, new DormantStage());
        for (String stage : STAGES) {
            pipeline.remove(stage);
        }
        dozed();
        return true;
    }

    /**
     * The one stage of a dormant connection.
     */
    private final class DormantStage extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            wake(ctx);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            wake(ctx);
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            wake(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors().exceptionCaught(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            ctx.fireChannelInactive();
        }

        private void wake(ChannelHandlerContext ctx) {
            addStages(ctx.pipeline());
            // the event goes on from this context, to the stages behind it
            ctx.pipeline().remove(this);
        }

    }

}
