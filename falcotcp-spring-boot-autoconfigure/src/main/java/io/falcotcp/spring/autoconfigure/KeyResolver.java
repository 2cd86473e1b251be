package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.falcotcp.crypto.FalcoKey;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Turns the {@code key} and {@code key-file} properties of a prefix into a {@link FalcoKey}, failing with an
 * {@link InvalidFalcoKeyException} that names the property to fix.
 */
final class KeyResolver {

    private KeyResolver() {
    }

    static FalcoKey resolve(String prefix, @Nullable String key, @Nullable Resource keyFile) {
        if (StringUtils.hasText(key)) {
            try {
                return FalcoKey.parse(key);
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidFalcoKeyException(prefix + ".key", ex.getMessage());
            }
        }
        if (keyFile != null) {
            return readFile(prefix + ".key-file", keyFile);
        }
        throw new InvalidFalcoKeyException(prefix + ".key", "no key is configured: set " + prefix
                + ".key (32 bytes in base64 or hex) or " + prefix + ".key-file");
    }

    /**
     * The server's keys for a rotation: the current one from {@code key}/{@code key-file}, then each of
     * {@code previous-keys}.
     */
    static List<FalcoKey> resolveAll(String prefix, @Nullable String key, @Nullable Resource keyFile,
            List<String> previousKeys) {
        List<FalcoKey> keys = new ArrayList<>();
        keys.add(resolve(prefix, key, keyFile));
        for (int i = 0; i < previousKeys.size(); i++) {
            try {
                keys.add(FalcoKey.parse(previousKeys.get(i)));
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidFalcoKeyException(prefix + ".previous-keys[" + i + "]", ex.getMessage());
            }
        }
        return keys;
    }

    private static FalcoKey readFile(String property, Resource keyFile) {
        try (InputStream in = keyFile.getInputStream()) {
            return FalcoKey.read(in, keyFile.getDescription());
        }
        catch (IOException ex) {
            throw new InvalidFalcoKeyException(property, "cannot read " + keyFile.getDescription() + ": " + ex.getMessage());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidFalcoKeyException(property, ex.getMessage());
        }
    }

}
