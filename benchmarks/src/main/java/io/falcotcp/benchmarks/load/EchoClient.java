package io.falcotcp.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * A client of one echo target, as the load generator drives it.
 */
interface EchoClient extends AutoCloseable {

    CompletableFuture<byte[]> echo(byte[] payload);

    @Override
    void close();

}
