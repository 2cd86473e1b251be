package io.falcotcp.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.falcotcp.protocol.PayloadCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections of one event loop share its payload ciphers, one per server key in the order of the keys.
 */
class EventLoopCiphersTests {

    private final FalcoKey current = FalcoKey.generate();

    private final FalcoKey previous = FalcoKey.generate();

    private final EventLoopCiphers ciphers = new EventLoopCiphers(List.of(this.current, this.previous),
            AeadEngine.DEFAULT);

    @Test
    void everyConnectionOfAnEventLoopGetsTheSameCiphersAndAnotherLoopGetsItsOwn() {
        EventLoop first = new DefaultEventLoop();
        EventLoop second = new DefaultEventLoop();
        try {
            List<PayloadCipher> ofFirst = this.ciphers.of(first);
            assertThat(this.ciphers.of(first)).isSameAs(ofFirst);
            List<PayloadCipher> ofSecond = this.ciphers.of(second);
            assertThat(ofSecond).hasSize(2);
            assertThat(ofSecond.get(0)).isNotSameAs(ofFirst.get(0));
            assertThat(ofSecond.get(1)).isNotSameAs(ofFirst.get(1));
        }
        finally {
            first.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            second.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void cipherOfEachKeyOpensWhatThatKeySealedOnly() {
        EventLoop loop = new DefaultEventLoop();
        try {
            List<PayloadCipher> ofLoop = this.ciphers.of(loop);
            ByteBuf sealed = Unpooled.buffer();
            new PayloadCipher(this.previous.newCipher(AeadEngine.DEFAULT))
                .seal(ByteBuffer.wrap("rotated".getBytes(StandardCharsets.UTF_8)), sealed);
            assertThat(ofLoop.get(0).open(sealed)).isNull();
            assertThat(ofLoop.get(1).open(sealed)).asString(StandardCharsets.UTF_8).isEqualTo("rotated");
            sealed.release();
        }
        finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

}
