package io.falcotcp.spring.codec;

/**
 * Converts a request or response body of one Java type to and from its bytes.
 *
 * @param <T> the Java type
 */
public interface PayloadCodec<T> {

    /**
     * Reads a body.
     * @param payload the body bytes
     * @return the value
     * @throws PayloadDecodingException when the bytes are not a valid value of the type
     */
    T decode(byte[] payload);

    /**
     * Writes a body.
     * @param value the value; {@code null} gives the empty body
     * @return the body bytes
     */
    byte[] encode(T value);

}
