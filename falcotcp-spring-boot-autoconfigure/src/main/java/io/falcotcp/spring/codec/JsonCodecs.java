package io.falcotcp.spring.codec;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * Makes the JSON codecs of Java types; kept behind this type so that {@link PayloadCodecs} loads without a JSON
 * library on the class path.
 */
interface JsonCodecs {

    /**
     * The JSON codec of a type.
     * @param type the type, possibly generic
     * @return its codec
     */
    PayloadCodec<@Nullable Object> forType(Type type);

}
