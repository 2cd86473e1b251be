package io.falcotcp.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * An optional feature of the session mode, negotiated as a bit of the client hello and the server reply.
 */
public enum SessionFeature {

    /** Bodies above a threshold may be LZ4-compressed (bit 0). */
    LZ4(0),

    /** Large bodies may travel in segments, sealed, sent and opened one after the other (bit 1). */
    SEGMENTS(1),

    /** Requests may carry {@link Metadata}, string pairs next to the body (bit 2). */
    METADATA(2),

    /** A stopping server may tell the client to send no new requests on the connection (bit 3). */
    GOING_AWAY(3),

    /** Several small messages may share one frame, sealed and opened once (bit 4). */
    BATCHES(4);

    private final int bit;

    SessionFeature(int bit) {
        this.bit = bit;
    }

    /**
     * The feature's mask in the feature byte.
     * @return {@code 1 << bit}
     */
    public int mask() {
        return 1 << this.bit;
    }

    /**
     * The feature byte of a set of features.
     * @param features the features
     * @return the bit set
     */
    public static int toBits(Set<SessionFeature> features) {
        int bits = 0;
        for (SessionFeature feature : features) {
            bits |= feature.mask();
        }
        return bits;
    }

    /**
     * The features of a feature byte; unknown bits are ignored.
     * @param bits the bit set
     * @return the features, an unmodifiable set (the same empty set whenever there is none, as on most connections)
     */
    public static Set<SessionFeature> fromBits(int bits) {
        EnumSet<SessionFeature> features = EnumSet.noneOf(SessionFeature.class);
        for (SessionFeature feature : values()) {
            if ((bits & feature.mask()) != 0) {
                features.add(feature);
            }
        }
        return Set.copyOf(features);
    }

}
