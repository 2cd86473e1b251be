package io.falcotcp.crypto;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Checks both engines against the Wycheproof AES-GCM vectors that match FalcoTCP's parameters: 256-bit key,
 * 96-bit nonce, 128-bit tag, with and without associated data: the 66 tests tcId 91 to 156, 39 valid and 27 invalid,
 * as the vectors' README counts them. The JDK engine also runs with an array path of 16 bytes, so that every vector
 * longer than a block takes the path of large messages (encryption in pieces, decryption on a heap copy).
 */
class WycheproofAesGcmTests {

    private static final HexFormat HEX = HexFormat.of();

    private static List<Vector> vectors = List.of();

    @BeforeAll
    static void readVectors() throws Exception {
        String directory = System.getProperty("falcotcp.testdata");
        assertThat(directory).as("system property falcotcp.testdata").isNotBlank();
        Path file = Path.of(directory, "wycheproof", "aes_gcm_test.json");
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        List<Vector> applicable = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96
                    || group.get("tagSize").asInt() != 128) {
                continue;
            }
            for (JsonNode test : group.get("tests")) {
                applicable.add(new Vector(test.get("tcId").asInt(), hex(test, "key"), hex(test, "iv"),
                        hex(test, "aad"), hex(test, "msg"), concat(hex(test, "ct"), hex(test, "tag")),
                        "valid".equals(test.get("result").asString())));
            }
        }
        assertThat(applicable).extracting(Vector::tcId).containsExactlyElementsOf(IntStream.rangeClosed(91, 156)
            .boxed().toList());
        assertThat(applicable).filteredOn((vector) -> vector.aad().length == 0).as("without associated data")
            .hasSize(48);
        vectors = applicable;
    }

    static Stream<Arguments> enginesAndBufferKinds() {
        Stream<Engine> engines = Stream.concat(
                Stream.of(AeadEngine.values()).map((engine) -> new Engine(engine.name(), engine::newCipher)),
                Stream.of(new Engine("JDK in 16-byte pieces", (key) -> new JdkAesGcmCipher(key, 16, true))));
        return engines.flatMap((engine) -> Stream.of(Arguments.of(engine, false), Arguments.of(engine, true)));
    }

    @ParameterizedTest(name = "{0}, direct buffers: {1}")
    @MethodSource("enginesAndBufferKinds")
    void validVectorsDecryptToTheMessageAndEncryptToTheCiphertext(Engine engine, boolean direct) {
        List<Vector> valid = vectors.stream().filter(Vector::valid).toList();
        assertThat(valid).hasSize(39);
        for (Vector vector : valid) {
            ByteBuffer plaintext = allocate(vector.msg().length, direct);
            boolean verified = engine.newCipher(vector.key()).decrypt(vector.iv(), vector.aad(),
                    wrap(vector.ctAndTag(), direct), plaintext);
            assertThat(verified).as("tcId %d verifies", vector.tcId()).isTrue();
            assertThat(bytes(plaintext.flip())).as("tcId %d plaintext", vector.tcId()).isEqualTo(vector.msg());

            ByteBuffer sealed = allocate(vector.ctAndTag().length, direct);
            engine.newCipher(vector.key()).encrypt(vector.iv(), vector.aad(), wrap(vector.msg(), direct), sealed);
            assertThat(bytes(sealed.flip())).as("tcId %d ciphertext", vector.tcId()).isEqualTo(vector.ctAndTag());
        }
    }

    @ParameterizedTest(name = "{0}, direct buffers: {1}")
    @MethodSource("enginesAndBufferKinds")
    void invalidVectorsFailToDecryptWithoutThrowing(Engine engine, boolean direct) {
        List<Vector> invalid = vectors.stream().filter((vector) -> !vector.valid()).toList();
        assertThat(invalid).hasSize(27);
        for (Vector vector : invalid) {
            ByteBuffer plaintext = allocate(Math.max(0, vector.ctAndTag().length - AeadCipher.TAG_LENGTH), direct);
            assertThatCode(() -> assertThat(engine.newCipher(vector.key()).decrypt(vector.iv(), vector.aad(),
                    wrap(vector.ctAndTag(), direct), plaintext)).as("tcId %d verifies", vector.tcId()).isFalse())
                .doesNotThrowAnyException();
        }
    }

    private static ByteBuffer allocate(int length, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
    }

    private static ByteBuffer wrap(byte[] bytes, boolean direct) {
        return allocate(bytes.length, direct).put(bytes).flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] hex(JsonNode test, String field) {
        return HEX.parseHex(test.get(field).asString());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * A named way to make a cipher under a key.
     */
    private record Engine(String name, Function<byte[], AeadCipher> ciphers) {

        AeadCipher newCipher(byte[] key) {
            return this.ciphers.apply(key);
        }

        @Override
        public String toString() {
            return this.name;
        }

    }

    private record Vector(int tcId, byte[] key, byte[] iv, byte[] aad, byte[] msg, byte[] ctAndTag, boolean valid) {
    }

}
