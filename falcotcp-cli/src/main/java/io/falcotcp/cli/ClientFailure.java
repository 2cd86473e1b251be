package io.falcotcp.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.falcotcp.client.FalcoAuthenticationException;
import io.falcotcp.client.FalcoDowngradeException;
import io.falcotcp.client.FalcoRemoteException;
import io.falcotcp.client.FalcoTimeoutException;
import io.falcotcp.client.FalcoUnsupportedFeatureException;
import io.falcotcp.protocol.RequestStatus;

/**
 * What a failed request tells the user: the client's explanation, what to do about it, and the exit status of its
 * kind.
 *
 * @param message one or two sentences for standard error
 * @param exitCode the {@link ExitCode} of the kind of failure
 */
record ClientFailure(String message, int exitCode) {

    /**
     * Explains a failure of {@code FalcoTcpClient}.
     * @param failure what the client threw or failed a future with
     * @return the explanation
     */
    static ClientFailure of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
        if (cause instanceof FalcoAuthenticationException) {
            return new ClientFailure("key refused: " + message, ExitCode.KEY_REFUSED);
        }
        if (cause instanceof FalcoDowngradeException) {
            return new ClientFailure("plain FalcoTCP v1 server: it does not offer the session mode; call it with "
                    + "--mode=v1 (no routes, no statuses, no forward secrecy) (" + message + ")",
                    ExitCode.PLAIN_V1_SERVER);
        }
        if (cause instanceof FalcoUnsupportedFeatureException) {
            return new ClientFailure("plain FalcoTCP v1 server: " + message + "; leave --route out to reach its "
                    + "handler", ExitCode.PLAIN_V1_SERVER);
        }
        if (cause instanceof FalcoTimeoutException) {
            return new ClientFailure("timeout: " + message + "; raise --timeout if the server is just slow",
                    ExitCode.TIMEOUT);
        }
        if (cause instanceof FalcoRemoteException remote) {
            if (remote.status() == RequestStatus.UNKNOWN_ROUTE) {
                return new ClientFailure("no such route: " + message, ExitCode.NO_SUCH_ROUTE);
            }
            return new ClientFailure("request failed: " + message, ExitCode.REQUEST_FAILED);
        }
        return new ClientFailure("connection failed: " + message, ExitCode.CONNECTION_FAILED);
    }

}
