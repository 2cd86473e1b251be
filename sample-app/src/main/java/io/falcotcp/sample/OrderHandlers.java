package io.falcotcp.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.handler.FalcoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Order routes, {@code orders.create} and {@code orders.get} (the class's route is their prefix): JSON in, JSON out.
 * Placing an order writes it to a store, which blocks, so that route runs on the handler executor (the default);
 * looking one up only reads memory, so it runs on the event loop. An unknown order is a domain exception, which
 * {@link OrderAdvice} answers. Each order placed is logged, with the trace of the request that placed it.
 */
@Service
@FalcoHandler("orders")
class OrderHandlers {

    private static final Logger logger = LoggerFactory.getLogger(OrderHandlers.class);

    private final Map<String, OrderConfirmation> orders = new ConcurrentHashMap<>();

    @FalcoHandler("create")
    OrderConfirmation create(Order order) throws InterruptedException {
        if (order.lines() == null || order.lines().isEmpty()) {
            throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "an order needs at least one line");
        }
        long total = 0;
        for (Order.OrderLine line : order.lines()) {
            if (line.quantity() <= 0) {
                throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "quantity of " + line.sku()
                        + " must be positive");
            }
            total = Math.addExact(total, Math.multiplyExact(line.quantity(), line.unitPriceCents()));
        }
        OrderConfirmation confirmation = new OrderConfirmation(UUID.randomUUID().toString(), order.customerId(),
                total, "CREATED");
        store(confirmation);
        logger.info("order {} of customer {} placed, {} cents", confirmation.orderId(), order.customerId(), total);
        return confirmation;
    }

    @FalcoHandler(route = "get", blocking = false)
    OrderConfirmation get(String orderId) {
        OrderConfirmation confirmation = this.orders.get(orderId);
        if (confirmation == null) {
            throw new OrderNotFoundException(orderId);
        }
        return confirmation;
    }

    private void store(OrderConfirmation confirmation) throws InterruptedException {
        // stands for the database write that makes this route blocking
        TimeUnit.MILLISECONDS.sleep(2);
        this.orders.put(confirmation.orderId(), confirmation);
    }

}
