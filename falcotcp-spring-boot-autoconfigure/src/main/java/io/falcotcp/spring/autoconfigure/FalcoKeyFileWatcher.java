package io.falcotcp.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.Resource;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Reloads key files when their content changes ({@code falco.server.reload-key-file},
 * {@code falco.client.reload-key-file}). Every check interval it reads each watched file and compares a salted digest
 * of its content with the last one it saw; a change is applied once the content was the same at two checks in a row,
 * so that a file still being written is not read half-way. Comparing content rather than waiting for change events
 * also follows a Kubernetes secret (whose symbolic links are swapped) and file systems without such events. A file
 * that cannot be read or holds no usable key is logged, once per content, and the keys in use stay as they were.
 * Key bytes are not kept: only the digests.
 */
public final class FalcoKeyFileWatcher implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(FalcoKeyFileWatcher.class);

    /** Read at most this much of a watched file: far more than {@code FalcoKey.MAX_KEYS} keys as text take. */
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private final Duration checkInterval;

    private final byte[] salt = new byte[32];

    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    private final Object monitor = new Object();

    private @Nullable ScheduledExecutorService checker;

    /**
     * Creates a watcher; it starts its thread with the first watched file.
     * @param checkInterval how often the files are read
     */
    public FalcoKeyFileWatcher(Duration checkInterval) {
        Objects.requireNonNull(checkInterval, "checkInterval must not be null");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive");
        }
        this.checkInterval = checkInterval;
        new SecureRandom().nextBytes(this.salt);
    }

    /**
     * Watches a key file: {@code reload} receives the file whenever its content changed and settled.
     * @param property the property that names the file, for log messages
     * @param file the key file, already read once by the caller
     * @param reload reads the keys again from the file and applies them; a {@link RuntimeException} it throws is
     * logged and leaves the watch in place
     */
    public void watch(String property, Resource file, Consumer<Resource> reload) {
        Watch watch = new Watch(property, file, reload, digest(file));
        this.watches.add(watch);
        synchronized (this.monitor) {
            if (this.checker == null) {
                ScheduledExecutorService started = Executors
                    .newSingleThreadScheduledExecutor(daemonThreads());
                long millis = this.checkInterval.toMillis();
                started.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
                this.checker = started;
            }
        }
        logger.info("{}: reloading {} when it changes (checked every {})", property, file.getDescription(),
                this.checkInterval);
    }

    @Override
    public void destroy() {
        synchronized (this.monitor) {
            if (this.checker != null) {
                this.checker.shutdownNow();
                this.checker = null;
            }
        }
    }

    private void checkAll() {
        for (Watch watch : this.watches) {
            try {
                watch.check(digest(watch.file));
            }
            catch (RuntimeException ex) {
                logger.error("{}: checking {} failed", watch.property, watch.file.getDescription(), ex);
            }
        }
    }

    /** A digest of the file's content, or {@code null} when it cannot be read now (e.g. while it is replaced). */
    private byte @Nullable [] digest(Resource file) {
        byte[] content;
        try (InputStream in = file.getInputStream()) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        catch (IOException ex) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(this.salt);
            return digest.digest(content);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
        finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static CustomizableThreadFactory daemonThreads() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("falcotcp-key-files-");
        threads.setDaemon(true);
        return threads;
    }

    /** One watched file, checked on the watcher's thread only. */
    static final class Watch {

        private final String property;

        private final Resource file;

        private final Consumer<Resource> reload;

        private byte @Nullable [] seen;

        private byte @Nullable [] candidate;

        Watch(String property, Resource file, Consumer<Resource> reload, byte @Nullable [] seen) {
            this.property = property;
            this.file = file;
            this.reload = reload;
            this.seen = seen;
        }

        /**
         * Applies the file when {@code current}, the digest of its content now, differs from the content last seen
         * and equals the digest of the previous check.
         * @param current the digest, or {@code null} when the file cannot be read
         */
        void check(byte @Nullable [] current) {
            if (current == null) {
                // missing for now; an unreadable file is reported when it reads as something that is not a key
                this.candidate = null;
                return;
            }
            if (Arrays.equals(current, this.seen)) {
                this.candidate = null;
                return;
            }
            if (!Arrays.equals(current, this.candidate)) {
                // changed since the last check: wait one more interval for the writer to finish
                this.candidate = current;
                return;
            }
            this.seen = current;
            this.candidate = null;
            try {
                this.reload.accept(this.file);
            }
            catch (RuntimeException ex) {
                // the reload's exceptions name the property and the file, never the content
                logger.warn("A key file changed but was not applied, the keys in use stay: {}", ex.getMessage());
            }
        }

    }

}
