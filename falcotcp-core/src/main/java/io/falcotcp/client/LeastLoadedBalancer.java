package io.falcotcp.client;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link LoadBalancing#LEAST_LOADED}: of two pools drawn at random, the one with fewer requests in flight; when it
 * has no room, the others in order.
 */
final class LeastLoadedBalancer implements Balancer {

    @Override
    public boolean place(PendingRequest request, List<ConnectionPool> pools) {
        int count = pools.size();
        if (count == 1) {
            return pools.get(0).tryPlace(request);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(count);
        int second = (first + 1 + random.nextInt(count - 1)) % count;
        int chosen = (pools.get(second).inFlight() < pools.get(first).inFlight()) ? second : first;
        return Balancer.placeFrom(request, pools, chosen);
    }

}
