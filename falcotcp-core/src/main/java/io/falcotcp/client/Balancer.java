package io.falcotcp.client;

import java.util.List;

/**
 * Chooses the connection pool of a request among the pools of a client's endpoints; thread-safe.
 */
interface Balancer {

    /**
     * Places a request on one of the pools: the one the policy chooses, else any other that has room.
     * @param request the request
     * @param pools the candidates, at least one
     * @return {@code true} when a pool took the request
     */
    boolean place(PendingRequest request, List<ConnectionPool> pools);

    /**
     * Tries the pools in order from {@code start}, wrapping around.
     */
    static boolean placeFrom(PendingRequest request, List<ConnectionPool> pools, int start) {
        int count = pools.size();
        for (int i = 0; i < count; i++) {
            if (pools.get((start + i) % count).tryPlace(request)) {
                return true;
            }
        }
        return false;
    }

}
