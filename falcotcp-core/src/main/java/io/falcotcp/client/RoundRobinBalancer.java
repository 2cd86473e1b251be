package io.falcotcp.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link LoadBalancing#ROUND_ROBIN}: each pool in turn; a full one passes the request to the next.
 */
final class RoundRobinBalancer implements Balancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public boolean place(PendingRequest request, List<ConnectionPool> pools) {
        return Balancer.placeFrom(request, pools, Math.floorMod(this.next.getAndIncrement(), pools.size()));
    }

}
