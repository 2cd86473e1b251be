package io.falcotcp.benchmarks.load;

/**
 * How the load generator's FalcoTCP client speaks to a server.
 */
enum WireProtocol {

    /** Plain FalcoTCP v1: the session mode is not offered, answers come back in order. */
    V1("v1"),

    /** The session mode of this project; a server that does not offer it fails the measurement. */
    SESSION("session");

    private final String option;

    WireProtocol(String option) {
        this.option = option;
    }

    /**
     * The value of {@code --protocol} that selects it.
     * @return {@code v1} or {@code session}
     */
    String option() {
        return this.option;
    }

}
