package io.falcotcp.client;

import java.util.Objects;

/**
 * One server a {@link FalcoTcpClient} may send requests to: a host name or address and a port.
 *
 * @param host the host name or address, not blank
 * @param port 1 to 65535
 */
public record Endpoint(String host, int port) {

    /**
     * Checks the host and port.
     * @throws IllegalArgumentException when the host is blank or the port outside 1 to 65535
     */
    public Endpoint {
        Objects.requireNonNull(host, "host must not be null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host of an endpoint must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port of an endpoint must be between 1 and 65535 (got " + port
                    + ")");
        }
    }

    /**
     * Reads {@code host:port}; an IPv6 address is written in brackets, as {@code [::1]:7878}.
     * @param text the endpoint
     * @return the endpoint
     * @throws IllegalArgumentException when the text is not {@code host:port} with a port of 1 to 65535
     */
    public static Endpoint parse(String text) {
        Objects.requireNonNull(text, "text must not be null");
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write an IPv6 address in brackets, "
                    + "as [::1]:7878)");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number");
        }
        return new Endpoint(host, port);
    }

    /**
     * {@code host:port}, with an IPv6 address in brackets.
     * @return the endpoint as {@link #parse(String)} reads it
     */
    @Override
    public String toString() {
        return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
    }

}
