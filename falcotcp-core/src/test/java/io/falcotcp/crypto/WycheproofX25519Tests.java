package io.falcotcp.crypto;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Wycheproof X25519 vectors against {@link X25519KeyPair#agree}, the agreement of the session handshake: all
 * 518 run; the 264 valid ones and the 223 acceptable ones with a non-zero result (twist points, non-canonical
 * public keys) give their shared secret, the 31 whose shared secret is all zero (low-order points) are refused.
 */
class WycheproofX25519Tests {

    @Test
    void everyVectorGivesItsSharedSecretOrIsRefusedForALowOrderPoint() throws Exception {
        JsonNode root = WycheproofVectors.read("x25519_test.json");
        List<Integer> valid = new ArrayList<>();
        List<Integer> acceptable = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                int tcId = test.get("tcId").asInt();
                byte[] expected = WycheproofVectors.hex(test, "shared");
                byte[] shared = new X25519KeyPair(new X25519PrivateKeyParameters(WycheproofVectors.hex(test, "private")))
                    .agree(WycheproofVectors.hex(test, "public"));
                if (hasFlag(test, "ZeroSharedSecret")) {
                    assertThat(expected).as("tcId %d expected", tcId).containsOnly(0);
                    assertThat(shared).as("tcId %d refused", tcId).isNull();
                    refused.add(tcId);
                }
                else {
                    assertThat(shared).as("tcId %d", tcId).isEqualTo(expected);
                    ("valid".equals(test.get("result").asString()) ? valid : acceptable).add(tcId);
                }
            }
        }
        assertThat(root.get("numberOfTests").asInt()).isEqualTo(518);
        assertThat(valid).hasSize(264);
        assertThat(acceptable).hasSize(223);
        assertThat(refused).hasSize(31);
    }

    private static boolean hasFlag(JsonNode test, String name) {
        for (JsonNode flag : test.get("flags")) {
            if (flag.asString().equals(name)) {
                return true;
            }
        }
        return false;
    }

}
