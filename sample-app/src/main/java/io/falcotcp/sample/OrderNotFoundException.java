package io.falcotcp.sample;

/**
 * No order has the id asked for: a domain exception that knows nothing of FalcoTCP, answered by
 * {@link OrderAdvice}.
 */
class OrderNotFoundException extends RuntimeException {

    private final String orderId;

    OrderNotFoundException(String orderId) {
        super("no order with id " + orderId + " in the order store");
        this.orderId = orderId;
    }

    String getOrderId() {
        return this.orderId;
    }

}
