package io.falcotcp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The metadata of a session request: a small, immutable set of string pairs that travels next to the body when
 * the connection negotiated the metadata feature (feature bit 2, "Request metadata" in {@code docs/protocol.md}).
 * Keys are 1 to {@value #MAX_KEY_LENGTH} characters of {@code a-z 0-9 - _ .}; values are text without control
 * characters; at most {@value #MAX_ENTRIES} entries and {@value #MAX_ENCODED_LENGTH} bytes on the wire. Every
 * limit is checked as entries are added, so a request whose metadata the server would refuse is never sent.
 * <p>
 * An entry is either <em>required</em> ({@link Builder#put}) or <em>propagated</em> ({@link Builder#propagate}):
 * a request with a required entry fails on a connection that cannot carry metadata (plain v1, or a session peer
 * that did not accept the feature), while propagated entries (such as a trace context) are left out there and
 * the request goes ahead. The server sees no difference between the two.
 */
public final class Metadata {

    /** Most entries in one request's metadata. */
    public static final int MAX_ENTRIES = 16;

    /** Longest key, in bytes (ASCII). */
    public static final int MAX_KEY_LENGTH = 64;

    /** Largest metadata block on the wire, its count byte and every entry's length fields included. */
    public static final int MAX_ENCODED_LENGTH = 4096;

    private static final Metadata EMPTY = new Metadata(new String[0], new String[0], 0, 0);

    private final String[] keys;

    private final String[] values;

    /** Bit {@code i} set: entry {@code i} is propagated rather than required. */
    private final int propagated;

    private final int encodedLength;

    private Metadata(String[] keys, String[] values, int propagated, int encodedLength) {
        this.keys = keys;
        this.values = values;
        this.propagated = propagated;
        this.encodedLength = encodedLength;
    }

    /**
     * No metadata: what every request without metadata carries (one shared instance).
     * @return the empty metadata
     */
    public static Metadata empty() {
        return EMPTY;
    }

    /**
     * Metadata of one required entry.
     * @param key the key
     * @param value the value
     * @return the metadata
     * @throws IllegalArgumentException when the key or value breaks a limit
     */
    public static Metadata of(String key, String value) {
        return builder().put(key, value).build();
    }

    /**
     * Metadata of required entries, in the map's iteration order.
     * @param entries the entries
     * @return the metadata
     * @throws IllegalArgumentException when an entry breaks a limit
     */
    public static Metadata of(Map<String, String> entries) {
        Builder builder = builder();
        entries.forEach(builder::put);
        return builder.build();
    }

    /**
     * Starts building metadata.
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these entries, to add to them.
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        for (int i = 0; i < this.keys.length; i++) {
            builder.add(this.keys[i], this.values[i], isPropagated(i));
        }
        return builder;
    }

    /**
     * The value of a key.
     * @param key the key
     * @return the value, or {@code null} when the metadata has no such key
     */
    public @Nullable String get(String key) {
        int index = indexOf(this.keys, this.keys.length, key);
        return (index >= 0) ? this.values[index] : null;
    }

    /**
     * How many entries there are.
     * @return the number of entries, at most {@value #MAX_ENTRIES}
     */
    public int size() {
        return this.keys.length;
    }

    /**
     * Whether there is no entry.
     * @return {@code true} for empty metadata
     */
    public boolean isEmpty() {
        return this.keys.length == 0;
    }

    /**
     * Whether an entry is required, so that a request carrying it must fail where metadata cannot travel.
     * @return {@code true} when at least one entry was added with {@link Builder#put}
     */
    public boolean hasRequired() {
        return Integer.bitCount(this.propagated) < this.keys.length;
    }

    /**
     * Passes each entry to an action, in the order they were added.
     * @param action receives each key and its value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < this.keys.length; i++) {
            action.accept(this.keys[i], this.values[i]);
        }
    }

    /**
     * The entries as an unmodifiable map, in the order they were added.
     * @return a new map
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    /**
     * The bytes of the metadata block on the wire.
     * @return the length, 0 for empty metadata (which is not sent)
     */
    int encodedLength() {
        return this.encodedLength;
    }

    /**
     * Metadata read from the wire, whose block {@link MetadataBlock} already checked.
     * @throws SessionProtocolException for a key that appears twice
     */
    static Metadata received(String[] keys, String[] values, int encodedLength) {
        for (int i = 1; i < keys.length; i++) {
            if (indexOf(keys, i, keys[i]) >= 0) {
                throw new SessionProtocolException("a session frame carried metadata with the key '" + keys[i]
                        + "' twice");
            }
        }
        return new Metadata(keys, values, 0, encodedLength);
    }

    String key(int index) {
        return this.keys[index];
    }

    String value(int index) {
        return this.values[index];
    }

    private boolean isPropagated(int index) {
        return (this.propagated & (1 << index)) != 0;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Metadata metadata && asMap().equals(metadata.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    /**
     * The keys only: values may be secrets (tokens), so they never appear in logs or messages.
     */
    @Override
    public String toString() {
        return "Metadata" + Arrays.toString(this.keys);
    }

    /**
     * Whether a key is 1 to {@value #MAX_KEY_LENGTH} characters of {@code a-z 0-9 - _ .}.
     * @param key the key
     * @return {@code true} for a valid key
     */
    public static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!isKeyByte(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isKeyByte(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    /** C0 controls and DEL; no byte of a multi-byte UTF-8 sequence is below 0x80, so a byte check suffices. */
    static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }

    private static int indexOf(String[] keys, int count, String key) {
        for (int i = 0; i < count; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Builds {@link Metadata}, checking every limit as entries are added. Not thread-safe.
     */
    public static final class Builder {

        private final String[] keys = new String[MAX_ENTRIES];

        private final String[] values = new String[MAX_ENTRIES];

        private final int[] lengths = new int[MAX_ENTRIES];

        private int count;

        private int propagated;

        private Builder() {
        }

        /**
         * Adds a required entry, or replaces the value of its key (which then becomes required): a request carrying
         * it fails where metadata cannot travel.
         * @param key 1 to {@value #MAX_KEY_LENGTH} characters of {@code a-z 0-9 - _ .}
         * @param value text without control characters
         * @return this builder
         * @throws IllegalArgumentException when the key or value is invalid, or the metadata would have more than
         *     {@value #MAX_ENTRIES} entries or {@value #MAX_ENCODED_LENGTH} bytes
         */
        public Builder put(String key, String value) {
            return add(key, value, false);
        }

        /**
         * Adds a propagated entry, or replaces the value of its key (which then becomes propagated): it is left out,
         * without failing the request, where metadata cannot travel. For context the framework passes along, such
         * as a trace's {@code traceparent}.
         * @param key 1 to {@value #MAX_KEY_LENGTH} characters of {@code a-z 0-9 - _ .}
         * @param value text without control characters
         * @return this builder
         * @throws IllegalArgumentException as {@link #put(String, String)}
         */
        public Builder propagate(String key, String value) {
            return add(key, value, true);
        }

        /**
         * Adds every entry of other metadata, each as required or propagated as it was there.
         * @param metadata the entries to add
         * @return this builder
         * @throws IllegalArgumentException as {@link #put(String, String)}
         */
        public Builder putAll(Metadata metadata) {
            for (int i = 0; i < metadata.size(); i++) {
                add(metadata.key(i), metadata.value(i), metadata.isPropagated(i));
            }
            return this;
        }

        /**
         * The value a key has so far.
         * @param key the key
         * @return its value, or {@code null} when it has none
         */
        public @Nullable String get(String key) {
            int index = indexOf(this.keys, this.count, key);
            return (index >= 0) ? this.values[index] : null;
        }

        private Builder add(String key, String value, boolean propagate) {
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(value, "value must not be null");
            if (!isValidKey(key)) {
                throw new IllegalArgumentException("a metadata key has 1 to " + MAX_KEY_LENGTH + " characters of "
                        + "a-z 0-9 - _ . (got '" + key + "')");
            }
            int valueLength = utf8Length(key, value);
            int entryLength = 1 + key.length() + Short.BYTES + valueLength;
            int index = indexOf(this.keys, this.count, key);
            int slot = (index >= 0) ? index : this.count;
            if (index < 0 && this.count == MAX_ENTRIES) {
                throw new IllegalArgumentException("metadata has at most " + MAX_ENTRIES + " entries (adding '"
                        + key + "')");
            }
            int total = encodedLength() - ((index >= 0) ? this.lengths[index] : 0) + entryLength
                    + ((this.count == 0) ? 1 : 0);
            if (total > MAX_ENCODED_LENGTH) {
                throw new IllegalArgumentException("metadata is at most " + MAX_ENCODED_LENGTH + " bytes on the wire; "
                        + "adding '" + key + "' makes it " + total);
            }
            this.keys[slot] = key;
            this.values[slot] = value;
            this.lengths[slot] = entryLength;
            this.propagated = propagate ? (this.propagated | (1 << slot)) : (this.propagated & ~(1 << slot));
            if (index < 0) {
                this.count++;
            }
            return this;
        }

        private int encodedLength() {
            if (this.count == 0) {
                return 0;
            }
            int length = 1;
            for (int i = 0; i < this.count; i++) {
                length += this.lengths[i];
            }
            return length;
        }

        private static int utf8Length(String key, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (isControl(c)) {
                    throw new IllegalArgumentException("the value of metadata key '" + key + "' contains a control "
                            + "character at index " + i);
                }
                if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(++i)))) {
                    throw new IllegalArgumentException("the value of metadata key '" + key + "' is not valid "
                            + "Unicode (an unpaired surrogate)");
                }
            }
            return value.getBytes(StandardCharsets.UTF_8).length;
        }

        /**
         * The metadata added so far.
         * @return immutable metadata, the shared {@link Metadata#empty()} when there is no entry
         */
        public Metadata build() {
            if (this.count == 0) {
                return EMPTY;
            }
            return new Metadata(Arrays.copyOf(this.keys, this.count), Arrays.copyOf(this.values, this.count),
                    this.propagated, encodedLength());
        }

    }

}
