package io.falcotcp.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The 32-byte pre-shared key of a FalcoTCP link.
 * <p>
 * Parsing errors name the problem but never echo the key, and {@link #toString()} is redacted. Generate a key
 * with {@link #generate()} or {@code openssl rand -base64 32}.
 */
public final class FalcoKey {

    /** Length of a key in bytes. */
    public static final int LENGTH = KeyLengths.AES_256;

    // longest text form: hex with white space and a line break around it
    private static final int MAX_TEXT_LENGTH = 256;

    /** Keys a key file may list. */
    public static final int MAX_KEYS = 16;

    private static final String HOW_TO_GENERATE = "generate one with: openssl rand -base64 32";

    private final byte[] bytes;

    private FalcoKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Creates a key from raw bytes, which are copied.
     * @param bytes exactly 32 bytes
     * @return the key
     */
    public static FalcoKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a FalcoTCP key must be 32 bytes (got " + bytes.length + "); " + HOW_TO_GENERATE);
        }
        return new FalcoKey(bytes.clone());
    }

    /**
     * Creates a fresh random key from a {@link SecureRandom}.
     * @return a new key
     */
    public static FalcoKey generate() {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        return new FalcoKey(bytes);
    }

    /**
     * Parses a key written in base64 (standard or URL-safe, padding optional).
     * @param text the base64 text; surrounding white space is ignored
     * @return the key
     */
    public static FalcoKey fromBase64(String text) {
        String trimmed = requireText(text).strip();
        byte[] decoded;
        try {
            decoded = (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0)
                    ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
        }
        catch (IllegalArgumentException ex) {
            // the decoder's message quotes the offending character: do not propagate it
            throw new IllegalArgumentException("a FalcoTCP key in base64 has a character that is not base64 "
                    + "(or bad padding); " + HOW_TO_GENERATE);
        }
        return ofDecoded(decoded, "base64");
    }

    /**
     * Parses a key written as 64 hexadecimal digits.
     * @param text the hex text; surrounding white space is ignored
     * @return the key
     */
    public static FalcoKey fromHex(String text) {
        String trimmed = requireText(text).strip();
        if ((trimmed.length() & 1) != 0) {
            throw new IllegalArgumentException("a FalcoTCP key in hex must have an even number of digits (got "
                    + trimmed.length() + "); " + HOW_TO_GENERATE);
        }
        byte[] decoded;
        try {
            decoded = HexFormat.of().parseHex(trimmed);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("a FalcoTCP key in hex has a character that is not a hex digit; "
                    + HOW_TO_GENERATE);
        }
        return ofDecoded(decoded, "hex");
    }

    /**
     * Parses a key written either as 64 hex digits or in base64.
     * @param text the encoded key
     * @return the key
     */
    public static FalcoKey parse(String text) {
        String trimmed = requireText(text).strip();
        if (trimmed.length() == 2 * LENGTH && isHex(trimmed)) {
            return fromHex(trimmed);
        }
        return fromBase64(trimmed);
    }

    /**
     * Reads a key from a file that holds either the 32 raw bytes or the key as text (hex or base64).
     * @param file the key file
     * @return the key
     */
    public static FalcoKey fromFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, "the key file " + file);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("cannot read the FalcoTCP key file " + file + ": " + ex, ex);
        }
    }

    /**
     * Reads a key from a stream that holds either the 32 raw bytes or the key as text (hex or base64); as text,
     * blank lines and lines starting with {@code #} are skipped. The stream is not closed.
     * @param in the stream
     * @param description what the stream is, for error messages, e.g. "the key file /etc/falco.key"
     * @return the key
     * @throws IOException when the stream cannot be read
     */
    public static FalcoKey read(InputStream in, String description) throws IOException {
        List<FalcoKey> keys = readAll(in, description);
        if (keys.size() != 1) {
            throw new IllegalArgumentException(description + " holds " + keys.size() + " FalcoTCP keys where one is "
                    + "expected; only a server's key file lists several (current first)");
        }
        return keys.get(0);
    }

    /**
     * Reads the keys of a stream that holds either the 32 raw bytes of one key or keys as text (hex or base64), one
     * per line, current first, as a server's key file during a rotation; blank lines and lines starting with
     * {@code #} are skipped. At most {@value #MAX_KEYS} keys. The stream is not closed.
     * @param in the stream
     * @param description what the stream is, for error messages, e.g. "the key file /etc/falco.key"
     * @return one or more keys, in the order of the stream
     * @throws IOException when the stream cannot be read
     */
    public static List<FalcoKey> readAll(InputStream in, String description) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        int limit = MAX_KEYS * MAX_TEXT_LENGTH;
        byte[] content = in.readNBytes(limit + 1);
        try {
            if (content.length > limit) {
                throw new IllegalArgumentException(description + " is too large to hold FalcoTCP keys; "
                        + HOW_TO_GENERATE);
            }
            // 32 bytes that are all base64 or hex characters are text (e.g. a 16-byte key in hex), not a raw key:
            // 32 random bytes are all such characters with probability (64/256)^32
            if (content.length == LENGTH && !isKeyText(content)) {
                return List.of(new FalcoKey(content.clone()));
            }
            return parseLines(new String(content, StandardCharsets.US_ASCII));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(description + " does not hold a usable FalcoTCP key: " + ex.getMessage());
        }
        finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static List<FalcoKey> parseLines(String text) {
        String[] lines = text.split("\\r?\\n", -1);
        List<FalcoKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (keys.size() == MAX_KEYS) {
                throw new IllegalArgumentException("more than " + MAX_KEYS + " keys");
            }
            try {
                keys.add(parse(line));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException((lines.length > 1) ? "line " + (i + 1) + ": " + ex.getMessage()
                        : ex.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key in it; " + HOW_TO_GENERATE);
        }
        return List.copyOf(keys);
    }

    /**
     * Reads a key (hex or base64) from an environment variable.
     * @param variable the variable's name
     * @return the key
     */
    public static FalcoKey fromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable must not be null");
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the environment variable " + variable
                    + " that should hold the FalcoTCP key is not set; " + HOW_TO_GENERATE);
        }
        try {
            return parse(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("the environment variable " + variable + " does not hold a usable "
                    + "FalcoTCP key: " + ex.getMessage());
        }
    }

    /**
     * Returns a copy of the key bytes. Callers should clear the copy when done.
     * @return the 32 key bytes
     */
    public byte[] toByteArray() {
        return this.bytes.clone();
    }

    /**
     * Creates a cipher for this key.
     * @param engine the AES-GCM implementation
     * @return a new cipher, not thread-safe
     */
    public AeadCipher newCipher(AeadEngine engine) {
        Objects.requireNonNull(engine, "engine must not be null");
        return engine.newCipher(this.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FalcoKey that && MessageDigest.isEqual(this.bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        // a constant: a key-derived hash code would leak key bits through hash-based collections
        return FalcoKey.class.hashCode();
    }

    @Override
    public String toString() {
        return "FalcoKey[redacted]";
    }

    private static FalcoKey ofDecoded(byte[] decoded, String encoding) {
        if (decoded.length != LENGTH) {
            Arrays.fill(decoded, (byte) 0);
            throw new IllegalArgumentException("a FalcoTCP key must be 32 bytes (the " + encoding + " text decodes to "
                    + decoded.length + "); " + HOW_TO_GENERATE);
        }
        return new FalcoKey(decoded);
    }

    private static String requireText(String text) {
        Objects.requireNonNull(text, "text must not be null");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a FalcoTCP key is empty; " + HOW_TO_GENERATE);
        }
        return text;
    }

    private static boolean isKeyText(byte[] content) {
        for (byte b : content) {
            boolean base64 = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+'
                    || b == '/' || b == '-' || b == '_' || b == '=';
            if (!base64) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

}
