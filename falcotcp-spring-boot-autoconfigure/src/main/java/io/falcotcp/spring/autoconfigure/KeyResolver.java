package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.falcotcp.crypto.FalcoKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Turns the {@code key} and {@code key-file} properties of a prefix into a {@link FalcoKey}, failing with an
 * {@link InvalidFalcoKeyException} that names the property to fix, and warning about a key file that other users may
 * read or write.
 */
final class KeyResolver {

    private static final Logger logger = LoggerFactory.getLogger(KeyResolver.class);

    /** Who besides the file's owner may read the key, or replace it with one they know. */
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

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
            List<FalcoKey> keys = readFile(prefix + ".key-file", keyFile);
            if (keys.size() != 1) {
                throw new InvalidFalcoKeyException(prefix + ".key-file", keyFile.getDescription() + " lists "
                        + keys.size() + " keys where one is expected; only a server's key file lists several");
            }
            return keys.get(0);
        }
        throw noKey(prefix);
    }

    /**
     * The server's keys for a rotation: the current one from {@code key}, or those the key file lists (current
     * first), then each of {@code previous-keys}.
     */
    static List<FalcoKey> resolveAll(String prefix, @Nullable String key, @Nullable Resource keyFile,
            List<String> previousKeys) {
        List<FalcoKey> keys = new ArrayList<>();
        if (StringUtils.hasText(key) || keyFile == null) {
            keys.add(resolve(prefix, key, keyFile));
        }
        else {
            keys.addAll(readFile(prefix + ".key-file", keyFile));
        }
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

    private static InvalidFalcoKeyException noKey(String prefix) {
        return new InvalidFalcoKeyException(prefix + ".key", "no key is configured: set " + prefix
                + ".key (32 bytes in base64 or hex) or " + prefix + ".key-file");
    }

    private static List<FalcoKey> readFile(String property, Resource keyFile) {
        warnIfOpenToOthers(property, keyFile);
        try (InputStream in = keyFile.getInputStream()) {
            return FalcoKey.readAll(in, keyFile.getDescription());
        }
        catch (IOException ex) {
            throw new InvalidFalcoKeyException(property, "cannot read " + keyFile.getDescription() + ": " + ex.getMessage());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidFalcoKeyException(property, ex.getMessage());
        }
    }

    private static void warnIfOpenToOthers(String property, Resource keyFile) {
        if (!keyFile.isFile()) {
            return;
        }
        Path path;
        Set<PosixFilePermission> permissions;
        try {
            path = keyFile.getFile().toPath();
            permissions = Files.getPosixFilePermissions(path);
        }
        catch (IOException | UnsupportedOperationException ex) {
            // no POSIX permissions to check; a file that cannot be read fails right after
            return;
        }
        if (permissions.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
            logger.warn("{}: {} may be read or written by other users than its owner ({}); allow only the "
                    + "service's user: chmod 600 {}", property, path, PosixFilePermissions.toString(permissions), path);
        }
    }

}
