package io.falcotcp.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a watched key file is applied, check by check: only content that changed and then stayed the same for one
 * more check, once per content, whatever the reload does.
 */
@ExtendWith(OutputCaptureExtension.class)
class FalcoKeyFileWatcherTests {

    private static final byte[] FIRST = { 1 };

    private static final byte[] HALF_WRITTEN = { 2 };

    private static final byte[] SECOND = { 3 };

    private final Resource file = new ByteArrayResource(new byte[0], "the key file");

    private final List<Resource> reloads = new ArrayList<>();

    @Test
    void aChangeIsAppliedOnceItHeldForTwoChecksInARow() {
        FalcoKeyFileWatcher.Watch watch = watch(FIRST);
        watch.check(FIRST);
        watch.check(HALF_WRITTEN);
        assertThat(this.reloads).as("after the first sight of a change").isEmpty();
        watch.check(SECOND);
        assertThat(this.reloads).as("content that changed again before settling").isEmpty();
        watch.check(SECOND);
        assertThat(this.reloads).containsExactly(this.file);
        watch.check(SECOND);
        watch.check(SECOND);
        assertThat(this.reloads).as("the same content is applied once").hasSize(1);
    }

    @Test
    void aFileThatCannotBeReadForAMomentChangesNothing() {
        FalcoKeyFileWatcher.Watch watch = watch(FIRST);
        watch.check(null);
        watch.check(FIRST);
        watch.check(FIRST);
        assertThat(this.reloads).isEmpty();
        watch.check(SECOND);
        watch.check(null);
        watch.check(SECOND);
        assertThat(this.reloads).as("a change interrupted by a missing file starts settling again").isEmpty();
        watch.check(SECOND);
        assertThat(this.reloads).hasSize(1);
    }

    @Test
    void aReloadThatFailsIsLoggedOncePerContent(CapturedOutput output) {
        FalcoKeyFileWatcher.Watch watch = new FalcoKeyFileWatcher.Watch("falco.server.key-file", this.file,
                (resource) -> {
                    throw new InvalidFalcoKeyException("falco.server.key-file", "the key file holds no key");
                }, FIRST);
        for (int i = 0; i < 5; i++) {
            watch.check(SECOND);
        }
        assertThat(output).containsOnlyOnce("A key file changed but was not applied, the keys in use stay: "
                + "falco.server.key-file");
    }

    private FalcoKeyFileWatcher.Watch watch(byte[] seen) {
        return new FalcoKeyFileWatcher.Watch("falco.server.key-file", this.file, this.reloads::add, seen);
    }

}
