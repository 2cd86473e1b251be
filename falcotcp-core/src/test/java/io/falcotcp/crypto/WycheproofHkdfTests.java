package io.falcotcp.crypto;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Wycheproof HKDF-SHA256 vectors against the HKDF that {@link SessionKeySchedule} uses (BouncyCastle's
 * {@link HKDFBytesGenerator} over SHA-256): all 86 run, 83 give their output, the 3 that ask for more than 255
 * hash lengths are refused.
 */
class WycheproofHkdfTests {

    @Test
    void everyVectorGivesItsOutputOrIsRefused() throws Exception {
        JsonNode root = WycheproofVectors.read("hkdf_sha256_test.json");
        List<Integer> valid = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                int tcId = test.get("tcId").asInt();
                byte[] okm = new byte[test.get("size").asInt()];
                HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
                hkdf.init(new HKDFParameters(WycheproofVectors.hex(test, "ikm"), WycheproofVectors.hex(test, "salt"),
                        WycheproofVectors.hex(test, "info")));
                if ("valid".equals(test.get("result").asString())) {
                    hkdf.generateBytes(okm, 0, okm.length);
                    assertThat(okm).as("tcId %d", tcId).isEqualTo(WycheproofVectors.hex(test, "okm"));
                    valid.add(tcId);
                }
                else {
                    assertThatExceptionOfType(DataLengthException.class).as("tcId %d", tcId)
                        .isThrownBy(() -> hkdf.generateBytes(okm, 0, okm.length));
                    refused.add(tcId);
                }
            }
        }
        assertThat(root.get("numberOfTests").asInt()).isEqualTo(86);
        assertThat(valid).hasSize(83);
        assertThat(refused).hasSize(3);
    }

}
