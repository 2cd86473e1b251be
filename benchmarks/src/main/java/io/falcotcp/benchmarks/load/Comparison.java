package io.falcotcp.benchmarks.load;

/**
 * The in-process comparisons of {@code --mode}, each a pair of targets measured in alternating order.
 */
enum Comparison {

    /** FalcoTCP v1 against a plain Netty echo with the same length prefix and no crypto: the ceiling. */
    CEILING,

    /** The session mode on one connection against plain v1 on N connections, as many requests in flight. */
    SESSION,

    /** One client over three servers against one client over one, N connections per server, as many in flight. */
    ENDPOINTS

}
