package io.falcotcp.cli;

/**
 * The exit status of {@code falcotcp}, one per kind of failure, so that scripts can tell them apart.
 */
final class ExitCode {

    /** The command did what it was asked. */
    static final int OK = 0;

    /** The server answered the request with a failure: its handler failed, the request was bad, it was overloaded. */
    static final int REQUEST_FAILED = 1;

    /** The command line is wrong: an unknown option, a missing key, an unreadable file (picocli's own code too). */
    static final int USAGE = 2;

    /** No connection: nothing listens there, the connection broke, or the peer does not speak FalcoTCP. */
    static final int CONNECTION_FAILED = 3;

    /** The server refused the key. */
    static final int KEY_REFUSED = 4;

    /** The server speaks plain FalcoTCP v1 where the session mode was asked for, or a route was sent to it. */
    static final int PLAIN_V1_SERVER = 5;

    /** No answer within the timeout. */
    static final int TIMEOUT = 6;

    /** The server has no handler for the route. */
    static final int NO_SUCH_ROUTE = 7;

    private ExitCode() {
    }

}
