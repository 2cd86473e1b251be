package io.falcotcp.protocol;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link V1ClientCodec}, checked with the JDK's AES-GCM rather than the project's cipher.
 */
class V1ClientCodecTests {

    @Test
    void encodesTypeLengthAndASealThatTheJdkOpens() throws Exception {
        FalcoKey key = FalcoKey.generate();
        EmbeddedChannel channel = new EmbeddedChannel(
                new V1ClientCodec(new PayloadCipher(key.newCipher(AeadEngine.DEFAULT))));
        byte[] plaintext = "hello falco".getBytes();
        assertThat(channel.writeOutbound((Object) plaintext)).isTrue();
        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(frame.readableBytes()).isEqualTo(1 + 8 + 12 + plaintext.length + 16);
            assertThat(frame.readByte()).isEqualTo(ProtocolV1.TYPE_MESSAGE);
            assertThat(frame.readLong()).isEqualTo(12 + plaintext.length + 16);
            byte[] sealed = ByteBufUtil.getBytes(frame);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.toByteArray(), "AES"),
                    new GCMParameterSpec(128, sealed, 0, 12));
            assertThat(cipher.doFinal(sealed, 12, sealed.length - 12)).isEqualTo(plaintext);
        }
        finally {
            frame.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void emptyPlaintextStillCarriesNonceAndTag() {
        EmbeddedChannel channel = new EmbeddedChannel(
                new V1ClientCodec(new PayloadCipher(FalcoKey.generate().newCipher(AeadEngine.DEFAULT))));
        channel.writeOutbound((Object) new byte[0]);
        ByteBuf frame = channel.readOutbound();
        assertThat(frame.getLong(1)).isEqualTo(28);
        assertThat(frame.readableBytes()).isEqualTo(1 + 8 + 28);
        frame.release();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void opensAResponseSealedByTheJdkAndKeepsTheEmptyResponseApart() throws Exception {
        FalcoKey key = FalcoKey.generate();
        EmbeddedChannel channel = new EmbeddedChannel(
                new V1ClientCodec(new PayloadCipher(key.newCipher(AeadEngine.DEFAULT))));
        byte[] nonce = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.toByteArray(), "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal("answer".getBytes());
        channel.writeInbound(new ResponseFrame(io.netty.buffer.Unpooled.wrappedBuffer(nonce, sealed)));
        channel.writeInbound(ResponseFrame.EMPTY);
        V1Response answer = channel.readInbound();
        assertThat(answer.body()).isEqualTo("answer".getBytes());
        assertThat((V1Response) channel.readInbound()).isSameAs(V1Response.EMPTY);
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void responseThatDoesNotAuthenticateIsAnError() {
        EmbeddedChannel channel = new EmbeddedChannel(
                new V1ClientCodec(new PayloadCipher(FalcoKey.generate().newCipher(AeadEngine.DEFAULT))));
        org.assertj.core.api.Assertions.assertThatExceptionOfType(ResponseAuthenticationException.class)
            .isThrownBy(() -> channel.writeInbound(new ResponseFrame(io.netty.buffer.Unpooled.wrappedBuffer(
                    new byte[40]))));
        assertThat(channel.finish()).isFalse();
    }

}
