package io.falcotcp.spring.autoconfigure;

import java.util.function.Consumer;

import io.falcotcp.server.FalcoServer;
import org.jspecify.annotations.Nullable;

/**
 * Copies {@code falco.server.*} onto a {@link FalcoServer.Builder}, each property to one builder call. The builder
 * checks each value; one it refuses fails start-up naming the property ({@link BuilderProperties}).
 */
final class ServerPropertiesMapper {

    private static final String PREFIX = "falco.server";

    private ServerPropertiesMapper() {
    }

    /**
     * Copies every property but the keys, which {@link KeyResolver} reads, and {@code enabled}.
     * @param properties the bound properties
     * @param builder the server's builder
     */
    static void map(FalcoServerProperties properties, FalcoServer.Builder builder) {
        map("host", properties.getHost(), builder::host);
        map("port", properties.getPort(), builder::port);
        map("timeout", properties.getTimeout(), builder::timeout);
        map("handshake-timeout", properties.getHandshakeTimeout(), builder::handshakeTimeout);
        map("max-pending-handshakes", properties.getMaxPendingHandshakes(), builder::maxPendingHandshakes);
        map("max-pending-handshakes-per-address", properties.getMaxPendingHandshakesPerAddress(),
                builder::maxPendingHandshakesPerAddress);
        map("replay-window", properties.getReplayWindow(), builder::replayWindow);
        map("replay-cache-capacity", properties.getReplayCacheCapacity(), builder::replayCacheCapacity);
        map("accept-session-version1", properties.isAcceptSessionVersion1(), builder::acceptSessionVersion1);
        map("session-key-lifetime", properties.getSessionKeyLifetime(), builder::sessionKeyLifetime);
        map("max-decompressed-body", properties.getMaxDecompressedBody(),
                (size) -> builder.maxDecompressedBody(BuilderProperties.intBytes(size)));
        if (properties.getMaxRequestBytesPerConnection() != null) {
            map("max-request-bytes-per-connection", properties.getMaxRequestBytesPerConnection(),
                    (size) -> builder.maxRequestBytesPerConnection(size.toBytes()));
        }
        if (properties.getMaxRequestBytes() != null) {
            map("max-request-bytes", properties.getMaxRequestBytes(),
                    (size) -> builder.maxRequestBytes(size.toBytes()));
        }
        map("write-stall-timeout", properties.getWriteStallTimeout(), builder::writeStallTimeout);
        map("transport", properties.getTransport(), builder::transport);
        map("max-frame-size", properties.getMaxFrameSize(),
                (size) -> builder.maxFrameSize(BuilderProperties.intBytes(size)));
        map("max-connections", properties.getMaxConnections(), builder::maxConnections);
        map("event-loop-threads", properties.getEventLoopThreads(), builder::eventLoopThreads);
        if (properties.getHandlerThreads() != null) {
            map("handler-threads", properties.getHandlerThreads(), builder::handlerThreads);
        }
        map("handler-queue-capacity", properties.getHandlerQueueCapacity(), builder::handlerQueueCapacity);
        map("max-queued-per-connection", properties.getMaxQueuedPerConnection(), builder::maxQueuedPerConnection);
        map("shutdown-grace-period", properties.getShutdownGracePeriod(), builder::shutdownGracePeriod);
        map("crypto-engine", properties.getCryptoEngine(), builder::cryptoEngine);
        map("crypto-warm-up", properties.isCryptoWarmUp(), builder::cryptoWarmUp);
        map("refuse-plain-v1", properties.isRefusePlainV1(), builder::refusePlainV1);
        map("max-in-flight-per-session", properties.getMaxInFlightPerSession(), builder::maxInFlightPerSession);
        map("compression", properties.isCompression(), builder::compression);
        map("compression-threshold", properties.getCompressionThreshold(),
                (size) -> builder.compressionThreshold(BuilderProperties.intBytes(size)));
        if (properties.getV02().getPort() != null) {
            map("v02.port", properties.getV02().getPort(), builder::v02Port);
            map("v02.idle-timeout", properties.getV02().getIdleTimeout(), builder::v02IdleTimeout);
        }
    }

    private static <T> void map(String property, @Nullable T value, Consumer<T> setter) {
        BuilderProperties.set(PREFIX + "." + property, value, setter);
    }

}
