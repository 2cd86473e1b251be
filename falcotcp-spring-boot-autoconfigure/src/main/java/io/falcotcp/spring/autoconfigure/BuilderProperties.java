package io.falcotcp.spring.autoconfigure;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Hands property values to the core's builders, which check them: a value a builder refuses becomes an
 * {@link InvalidConfigurationPropertyValueException} with the property, the value and the builder's message as the
 * reason, which Boot's failure analyzer prints.
 */
final class BuilderProperties {

    private BuilderProperties() {
    }

    /**
     * Gives a value to a builder method.
     * @param <T> the type of the value
     * @param property the full name of the property the value was read from
     * @param value the value
     * @param setter the builder method
     * @throws InvalidConfigurationPropertyValueException when the builder refuses the value
     */
    static <T> void set(String property, @Nullable T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
        }
    }

    /**
     * A size as the {@code int} of bytes the builders take; the builder checks its range.
     * @param size the size
     * @return the bytes
     * @throws IllegalArgumentException when the size does not fit in an {@code int}
     */
    static int intBytes(DataSize size) {
        long bytes = size.toBytes();
        if (bytes < Integer.MIN_VALUE || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be less than 2GB (got " + size + ")");
        }
        return (int) bytes;
    }

}
