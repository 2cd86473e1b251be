package io.falcotcp.spring.autoconfigure;

/**
 * Thrown at start-up when a FalcoTCP key property is missing or unusable. Its message never contains the key.
 */
public class InvalidFalcoKeyException extends IllegalStateException {

    private final String property;

    /**
     * Creates an exception.
     * @param property the property to fix, e.g. {@code falco.server.key}
     * @param reason what is wrong with it
     */
    public InvalidFalcoKeyException(String property, String reason) {
        super(property + ": " + reason);
        this.property = property;
    }

    /**
     * The property to fix.
     * @return the property name
     */
    public String getProperty() {
        return this.property;
    }

}
