package io.falcotcp.client;

/**
 * How a {@link FalcoTcpClient} with several endpoints chooses the endpoint of each request, among those in rotation
 * (connected and not ejected) that have room.
 */
public enum LoadBalancing {

    /**
     * Two endpoints drawn at random, and the one with fewer requests in flight takes the request ("the power of two
     * choices"): an endpoint that answers slower gets fewer requests, without the herd that always choosing the
     * least loaded of all causes among many clients. The default.
     */
    LEAST_LOADED {
        @Override
        Balancer newBalancer() {
            return new LeastLoadedBalancer();
        }
    },

    /**
     * Each endpoint in turn, whatever its load.
     */
    ROUND_ROBIN {
        @Override
        Balancer newBalancer() {
            return new RoundRobinBalancer();
        }
    };

    abstract Balancer newBalancer();

}
