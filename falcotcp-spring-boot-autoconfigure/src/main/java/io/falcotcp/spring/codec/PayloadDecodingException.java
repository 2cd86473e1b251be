package io.falcotcp.spring.codec;

/**
 * Thrown when a body cannot be read as the type it is expected to have, for example malformed JSON.
 */
public class PayloadDecodingException extends RuntimeException {

    /**
     * Creates an exception.
     * @param message which type could not be read; it may be shown to the peer, so it names no internals
     * @param cause the parser's failure
     */
    public PayloadDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

}
