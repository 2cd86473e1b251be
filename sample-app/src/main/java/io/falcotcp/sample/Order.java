package io.falcotcp.sample;

import java.util.List;

/**
 * An order as clients send it to the {@code orders.create} route.
 *
 * @param customerId who orders
 * @param lines what is ordered
 */
public record Order(String customerId, List<OrderLine> lines) {

    /**
     * One line of an order.
     *
     * @param sku the article
     * @param quantity how many
     * @param unitPriceCents the price of one, in cents
     */
    public record OrderLine(String sku, int quantity, long unitPriceCents) {
    }

}
