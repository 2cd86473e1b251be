package io.falcotcp.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a Wycheproof vector file from {@code ../shared/testdata/wycheproof}, found through the
 * {@code falcotcp.testdata} system property that the build sets.
 */
final class WycheproofVectors {

    private static final HexFormat HEX = HexFormat.of();

    private WycheproofVectors() {
    }

    static JsonNode read(String fileName) throws IOException {
        String directory = System.getProperty("falcotcp.testdata");
        assertThat(directory).as("system property falcotcp.testdata").isNotBlank();
        Path file = Path.of(directory, "wycheproof", fileName);
        return JsonMapper.builder().build().readTree(Files.readString(file));
    }

    static byte[] hex(JsonNode test, String field) {
        return HEX.parseHex(test.get(field).asString());
    }

}
