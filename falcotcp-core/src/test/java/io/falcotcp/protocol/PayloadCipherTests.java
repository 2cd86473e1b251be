package io.falcotcp.protocol;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.falcotcp.crypto.AeadEngine;
import io.falcotcp.crypto.FalcoKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PayloadCipher} over the kinds of buffers Netty hands out.
 */
class PayloadCipherTests {

    private static final FalcoKey KEY = FalcoKey.generate();

    private static final ByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;

    private static final int[] SIZES = { 0, 1, 64, 64 * 1024 };

    static Stream<Arguments> enginesAndBufferKinds() {
        return Stream.of(AeadEngine.values())
                .flatMap((engine) -> Stream.of(BufferKind.values()).map((kind) -> Arguments.of(engine, kind)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("enginesAndBufferKinds")
    void whatIsSealedOpensToTheSameBytes(AeadEngine engine, BufferKind kind) {
        PayloadCipher sender = new PayloadCipher(KEY.newCipher(engine));
        PayloadCipher receiver = new PayloadCipher(KEY.newCipher(engine));
        for (int size : SIZES) {
            byte[] message = message(size);
            ByteBuf sealed = kind.allocate(16);
            try {
                ByteBuffer plaintext = ByteBuffer.wrap(message);
                sender.seal(plaintext, sealed);
                assertThat(plaintext.hasRemaining()).isFalse();
                assertThat(sealed.readableBytes()).isEqualTo(PayloadCipher.sealedLength(size));
                ByteBuf copy = kind.copyOf(sealed);
                try {
                    assertThat(receiver.open(copy)).as("size %d", size).isEqualTo(message);
                    assertThat(copy.readerIndex()).isZero();
                }
                finally {
                    copy.release();
                }
            }
            finally {
                sealed.release();
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("enginesAndBufferKinds")
    void aDirectPlaintextIsSealedToo(AeadEngine engine, BufferKind kind) {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(engine));
        byte[] message = message(5000);
        ByteBuffer plaintext = ByteBuffer.allocateDirect(message.length).put(message).flip();
        ByteBuf sealed = kind.allocate(0);
        try {
            cipher.seal(plaintext, sealed);
            assertThat(cipher.open(sealed)).isEqualTo(message);
        }
        finally {
            sealed.release();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("enginesAndBufferKinds")
    void anyTamperedByteMakesOpenReturnNull(AeadEngine engine, BufferKind kind) {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(engine));
        ByteBuf sealed = kind.allocate(0);
        try {
            cipher.seal(ByteBuffer.wrap(message(40)), sealed);
            for (int index = 0; index < sealed.readableBytes(); index++) {
                sealed.setByte(index, sealed.getByte(index) ^ 0x01);
                assertThat(cipher.open(sealed)).as("byte %d flipped", index).isNull();
                sealed.setByte(index, sealed.getByte(index) ^ 0x01);
            }
            assertThat(cipher.open(sealed)).isEqualTo(message(40));
        }
        finally {
            sealed.release();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("enginesAndBufferKinds")
    void payloadsShorterThanNonceAndTagOpenToNull(AeadEngine engine, BufferKind kind) {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(engine));
        for (int length = 0; length < ProtocolV1.SEAL_OVERHEAD; length++) {
            ByteBuf tooShort = kind.allocate(length);
            try {
                tooShort.writeZero(length);
                assertThat(cipher.open(tooShort)).as("length %d", length).isNull();
            }
            finally {
                tooShort.release();
            }
        }
    }

    @Test
    void aWrongKeyOpensToNull() {
        ByteBuf sealed = POOLED.directBuffer();
        try {
            new PayloadCipher(KEY.newCipher(AeadEngine.DEFAULT)).seal(ByteBuffer.wrap(message(10)), sealed);
            assertThat(new PayloadCipher(FalcoKey.generate().newCipher(AeadEngine.DEFAULT)).open(sealed)).isNull();
        }
        finally {
            sealed.release();
        }
    }

    @Test
    void eachSealUsesANewNonce() {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(AeadEngine.DEFAULT));
        Set<ByteBuffer> nonces = new HashSet<>();
        Set<ByteBuffer> ciphertexts = new HashSet<>();
        ByteBuf sealed = POOLED.directBuffer();
        try {
            for (int i = 0; i < 1000; i++) {
                sealed.clear();
                cipher.seal(ByteBuffer.wrap(message(16)), sealed);
                nonces.add(ByteBuffer.wrap(ByteBufUtil.getBytes(sealed, 0, ProtocolV1.NONCE_LENGTH)));
                ciphertexts.add(ByteBuffer.wrap(ByteBufUtil.getBytes(sealed)));
            }
        }
        finally {
            sealed.release();
        }
        assertThat(nonces).hasSize(1000);
        assertThat(ciphertexts).hasSize(1000);
    }

    @Test
    void sealLengthPrefixedWritesTheSealedLengthThenTheSealedPayload() {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(AeadEngine.DEFAULT));
        ByteBuf frame = POOLED.directBuffer();
        try {
            frame.writeByte(0x7e);
            cipher.sealLengthPrefixed(ByteBuffer.wrap(message(100)), frame);
            assertThat(frame.readableBytes()).isEqualTo(1 + 8 + 12 + 100 + 16);
            assertThat(frame.readByte()).isEqualTo((byte) 0x7e);
            assertThat(frame.readLong()).isEqualTo(128L);
            assertThat(cipher.open(frame)).isEqualTo(message(100));
        }
        finally {
            frame.release();
        }
    }

    @Test
    void anEmptyPlaintextIsSealedToTwentyEightBytesWithAPrefixOf28() {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(AeadEngine.DEFAULT));
        ByteBuf frame = POOLED.heapBuffer();
        try {
            cipher.sealLengthPrefixed(ByteBuffer.allocate(0), frame);
            assertThat(frame.readLong()).isEqualTo(ProtocolV1.SEAL_OVERHEAD);
            assertThat(frame.readableBytes()).isEqualTo(ProtocolV1.SEAL_OVERHEAD);
            assertThat(cipher.open(frame)).isEmpty();
        }
        finally {
            frame.release();
        }
    }

    @Test
    void sealAppendsAfterExistingBytes() {
        PayloadCipher cipher = new PayloadCipher(KEY.newCipher(AeadEngine.BOUNCY_CASTLE));
        ByteBuf out = POOLED.directBuffer(8);
        try {
            out.writeInt(42);
            cipher.seal(ByteBuffer.wrap(message(3000)), out);
            assertThat(out.readInt()).isEqualTo(42);
            assertThat(cipher.open(out)).isEqualTo(message(3000));
        }
        finally {
            out.release();
        }
    }

    private static byte[] message(int size) {
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) (i * 13 + 5);
        }
        return message;
    }

    enum BufferKind {

        POOLED_HEAP((capacity) -> POOLED.heapBuffer(capacity)),

        POOLED_DIRECT((capacity) -> POOLED.directBuffer(capacity)),

        UNPOOLED_HEAP((capacity) -> Unpooled.buffer(capacity)),

        COMPOSITE_OF_ONE((capacity) -> Unpooled.compositeBuffer().addComponent(POOLED.directBuffer(capacity))),

        COMPOSITE_OF_MANY((capacity) -> Unpooled.compositeBuffer()
            .addComponent(POOLED.directBuffer(3))
            .addComponent(POOLED.heapBuffer(5))
            .addComponent(POOLED.directBuffer(Math.max(0, capacity - 8))));

        private final Function<Integer, ByteBuf> allocator;

        BufferKind(Function<Integer, ByteBuf> allocator) {
            this.allocator = allocator;
        }

        ByteBuf allocate(int capacity) {
            return this.allocator.apply(capacity);
        }

        /**
         * Copies the readable bytes into a buffer of this kind; composites get the bytes split across components.
         */
        ByteBuf copyOf(ByteBuf source) {
            if (this == COMPOSITE_OF_MANY && source.readableBytes() >= 8) {
                CompositeByteBuf composite = Unpooled.compositeBuffer();
                int first = 3;
                int second = 5;
                composite.addComponent(true, POOLED.directBuffer(first).writeBytes(source, 0, first));
                composite.addComponent(true, POOLED.heapBuffer(second).writeBytes(source, first, second));
                int rest = source.readableBytes() - first - second;
                composite.addComponent(true, POOLED.directBuffer(rest).writeBytes(source, first + second, rest));
                return composite;
            }
            ByteBuf copy = allocate(source.readableBytes());
            copy.writeBytes(source, source.readerIndex(), source.readableBytes());
            return copy;
        }

    }

}
