package io.falcotcp.sample;

/**
 * The answer of the {@code orders.create} route.
 *
 * @param orderId the new order's id
 * @param customerId who ordered
 * @param totalCents the order's total, in cents
 * @param status the order's state
 */
public record OrderConfirmation(String orderId, String customerId, long totalCents, String status) {
}
