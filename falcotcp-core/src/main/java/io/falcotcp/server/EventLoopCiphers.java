package io.falcotcp.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.PayloadCipher;
import io.netty.channel.EventLoop;

/**
 * The payload ciphers of the server's keys, one set per event loop, for the auth frames and plain v1 messages of
 * every connection of that loop. An event loop runs the crypto of its connections one after the other, and the keys
 * are the same for all of them, so they share its ciphers: a connection holds no cipher of its own (a JDK
 * {@code Cipher} with its key schedule is about 900 bytes of heap), and a handshake expands no key.
 */
final class EventLoopCiphers {

    private final List<FalcoKey> keys;

    private final AeadEngine engine;

    private final Map<EventLoop, List<PayloadCipher>> byEventLoop = new ConcurrentHashMap<>();

    EventLoopCiphers(List<FalcoKey> keys, AeadEngine engine) {
        this.keys = keys;
        this.engine = engine;
    }

    /**
     * The keys, current first.
     * @return the keys
     */
    List<FalcoKey> keys() {
        return this.keys;
    }

    /**
     * The ciphers of an event loop, one per key in the order of the server's keys; used on that loop only.
     * @param eventLoop the event loop of a connection
     * @return its ciphers
     */
    List<PayloadCipher> of(EventLoop eventLoop) {
        return this.byEventLoop.computeIfAbsent(eventLoop, (loop) -> this.keys.stream()
            .map((key) -> new PayloadCipher(key.newCipher(this.engine)))
            .toList());
    }

}
