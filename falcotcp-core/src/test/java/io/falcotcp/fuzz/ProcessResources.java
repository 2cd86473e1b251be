package io.falcotcp.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the test process holds: its open file descriptors (Linux) and its heap after garbage collection.
 */
final class ProcessResources {

    private static final Path FILE_DESCRIPTORS = Path.of("/proc/self/fd");

    private static final int GC_ROUNDS = 3;

    private ProcessResources() {
    }

    static boolean canListOpenFiles() {
        return Files.isDirectory(FILE_DESCRIPTORS);
    }

    /**
     * The targets of the process's open file descriptors ({@code socket:[…]}, {@code anon_inode:[io_uring]}, …).
     * @return one entry per descriptor
     */
    static List<String> openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(FILE_DESCRIPTORS)) {
            return descriptors.map(ProcessResources::target).toList();
        }
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        }
        catch (IOException ex) {
            // closed between listing and reading, such as the listing's own descriptor
            return "(closed)";
        }
    }

    /**
     * Heap in use after full collections: the lowest of a few rounds, so that a collection that ran short does
     * not count.
     * @return bytes of heap in use
     */
    static long heapUsedAfterGc() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int round = 0; round < GC_ROUNDS; round++) {
            System.gc();
            Thread.sleep(50);
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }

}
