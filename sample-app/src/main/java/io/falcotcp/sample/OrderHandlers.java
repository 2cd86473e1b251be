package io.falcotcp.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.handler.FalcoHandler;
import org.springframework.stereotype.Service;

/**
 * Order routes: JSON in, JSON out.
 */
@Service
class OrderHandlers {

    private final Map<String, OrderConfirmation> orders = new ConcurrentHashMap<>();

    @FalcoHandler("orders.create")
    OrderConfirmation create(Order order) {
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
        this.orders.put(confirmation.orderId(), confirmation);
        return confirmation;
    }

    @FalcoHandler("orders.get")
    OrderConfirmation get(String orderId) {
        OrderConfirmation confirmation = this.orders.get(orderId);
        if (confirmation == null) {
            throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "no order " + orderId);
        }
        return confirmation;
    }

}
