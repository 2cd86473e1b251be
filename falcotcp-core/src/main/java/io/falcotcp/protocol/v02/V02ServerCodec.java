package io.falcotcp.protocol.v02;

import java.util.List;

import io.falcotcp.protocol.InboundBudget;
import io.falcotcp.protocol.V1Request;
import io.falcotcp.protocol.V1Response;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

/**
 * The server side of a FalcoTCP 0.2 connection: opens each {@link V02Frame} into a request and frames each response
 * with the compression of the request it answers. It hands the dispatcher the same request and response types as
 * plain v1, since 0.2 carries the same thing (bytes in, bytes out, in order); a payload that does not open or
 * decompress becomes a request without a body, answered with the empty frame ({@code size = 0}).
 * <p>
 * The server reads one request at a time, so the compression remembered from the last request is the one of the
 * response being written. The reservation a frame took in the {@link InboundBudget} becomes the length of its
 * message. {@code firstOpened} runs once, when the first payload opens under the key: before that the connection
 * has not proven that its peer holds the key.
 */
public final class V02ServerCodec extends MessageToMessageCodec<V02Frame, V1Response> {

    private final V02Payload payload;

    private final InboundBudget budget;

    private Runnable firstOpened;

    private V02Compression responseCompression = V02Compression.NONE;

    /**
     * Creates the codec of one connection.
     * @param payload the payload codec under the server's key
     * @param budget where the frames were reserved
     * @param firstOpened called on the event loop when the first payload opens
     */
    public V02ServerCodec(V02Payload payload, InboundBudget budget, Runnable firstOpened) {
        this.payload = payload;
        this.budget = budget;
        this.firstOpened = firstOpened;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, V02Frame frame, List<Object> out) {
        int reserved = frame.content().readableBytes();
        byte[] message = this.payload.open(frame);
        if (message == null) {
            this.budget.release(reserved);
        }
        else if (message.length > reserved) {
            this.budget.add(message.length - reserved);
        }
        else {
            this.budget.release(reserved - message.length);
        }
        if (message != null) {
            this.responseCompression = frame.compression();
            this.firstOpened.run();
            this.firstOpened = () -> {
            };
        }
        out.add(new V1Request(message));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, V1Response response, List<Object> out) {
        byte[] body = response.body();
        out.add((body != null) ? this.payload.seal(ctx.alloc(), body, this.responseCompression)
                : V02Payload.emptyFrame(ctx.alloc()));
    }

}
