package io.falcotcp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Metadata}'s limits, checked as entries are added, and the request layout of {@code docs/protocol.md}.
 */
class MetadataTests {

    @Test
    void requestEncodesAsTheDocumentsExample() {
        ByteBuf out = Unpooled.buffer();
        SessionMessage.Request request = new SessionMessage.Request(7, "orders", Metadata.of("tenant", "acme"),
                "hi".getBytes(StandardCharsets.UTF_8));
        SessionCodec.encode(request, out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("01000000070406" + "6f7264657273" + "0106" + "74656e616e74"
                + "0004" + "61636d65" + "6869");
        assertThat(SessionCodec.encodedLength(request)).isEqualTo(out.readableBytes());
        SessionMessage.Request decoded = (SessionMessage.Request) SessionCodec.decode(out, null, null, true);
        assertThat(decoded.metadata()).isEqualTo(request.metadata());
        assertThat(decoded.body()).isEqualTo(request.body());
        out.release();
    }

    @Test
    void requestWithoutMetadataKeepsItsLayoutAndSharesTheEmptyInstance() {
        ByteBuf out = Unpooled.buffer();
        SessionCodec.encode(new SessionMessage.Request(1, "r", new byte[] { 9 }), out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("01000000010001" + "72" + "09");
        assertThat(((SessionMessage.Request) SessionCodec.decode(out, null, null, true)).metadata())
            .isSameAs(Metadata.empty());
        assertThat(Metadata.builder().build()).isSameAs(Metadata.empty());
        out.release();
    }

    @Test
    void keysAreLowerCaseAsciiTokensOfAtMost64Characters() {
        assertThat(Metadata.isValidKey("x-request.id_2")).isTrue();
        assertThat(Metadata.isValidKey("k".repeat(64))).isTrue();
        assertThat(Metadata.isValidKey("k".repeat(65))).isFalse();
        assertThat(Metadata.isValidKey("")).isFalse();
        assertThat(Metadata.isValidKey("Tenant")).isFalse();
        assertThat(Metadata.isValidKey("a b")).isFalse();
        assertThat(Metadata.isValidKey("clé")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> Metadata.of("Tenant", "x"))
            .withMessageContaining("a-z 0-9 - _ .").withMessageContaining("'Tenant'");
    }

    @Test
    void valuesWithControlCharactersOrUnpairedSurrogatesAreRefusedWithoutShowingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> Metadata.of("token", "secret\r\nx"))
            .withMessageContaining("'token'").withMessageContaining("control character")
            .withMessageNotContaining("secret");
        assertThatIllegalArgumentException().isThrownBy(() -> Metadata.of("k", "a\uD800"))
            .withMessageContaining("unpaired surrogate");
        assertThat(Metadata.of("k", "\uD83D\uDE00").get("k")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void atMostSixteenEntriesAndFourKibibytesOnTheWire() {
        Metadata.Builder builder = Metadata.builder();
        for (int i = 0; i < Metadata.MAX_ENTRIES; i++) {
            builder.put("k" + i, "v");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> builder.put("k16", "v"))
            .withMessageContaining("at most 16 entries");
        builder.put("k0", "replaced");
        assertThat(builder.build().get("k0")).isEqualTo("replaced");
        // 1 (count) + 1 + 1 (key) + 2 + 4092 = 4097
        assertThatIllegalArgumentException().isThrownBy(() -> Metadata.of("k", "v".repeat(4092)))
            .withMessageContaining("at most 4096 bytes");
        assertThat(Metadata.of("k", "v".repeat(4091)).encodedLength()).isEqualTo(4096);
        assertThatIllegalArgumentException().isThrownBy(() -> Metadata.of("k", "é".repeat(2046)))
            .as("the limit counts UTF-8 bytes, not characters");
    }

    @Test
    void onlyPropagatedEntriesLeaveNothingRequiredAndPutMakesAnEntryRequiredAgain() {
        Metadata propagated = Metadata.builder().propagate("traceparent", "t").build();
        assertThat(propagated.hasRequired()).isFalse();
        assertThat(propagated.toBuilder().put("traceparent", "t").build().hasRequired()).isTrue();
        assertThat(propagated.toBuilder().put("tenant", "a").build().hasRequired()).isTrue();
        assertThat(Metadata.empty().hasRequired()).isFalse();
        Metadata both = Metadata.builder().putAll(propagated).put("tenant", "a").build();
        assertThat(both.asMap()).containsExactly(Map.entry("traceparent", "t"), Map.entry("tenant", "a"));
        assertThat(both.toString()).as("values may be secrets").isEqualTo("Metadata[traceparent, tenant]");
    }

    @Test
    void metadataFlagIsRefusedWhenTheFeatureWasNotNegotiated() {
        ByteBuf out = Unpooled.buffer();
        SessionCodec.encode(new SessionMessage.Request(1, "r", Metadata.of("k", "v"), new byte[0]), out);
        assertThatThrownBy(() -> SessionCodec.decode(out, null, null, false))
            .isInstanceOf(SessionProtocolException.class).hasMessageContaining("not negotiated");
        out.release();
    }

}
