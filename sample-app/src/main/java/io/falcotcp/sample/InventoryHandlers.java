package io.falcotcp.sample;

import java.util.Map;

import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.handler.FalcoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * An inventory route on a second bean, which also looks at the request context.
 */
@Service
class InventoryHandlers {

    private static final Logger logger = LoggerFactory.getLogger(InventoryHandlers.class);

    private final Map<String, Integer> stock = Map.of("BOOK-1", 12, "PEN-7", 250);

    @FalcoHandler("inventory.stock")
    StockLevel stock(StockQuery query, RequestContext context) {
        logger.debug("stock of {} asked by {}", query.sku(), context.remoteAddress());
        return new StockLevel(query.sku(), this.stock.getOrDefault(query.sku(), 0));
    }

    /**
     * Which article to look up.
     *
     * @param sku the article
     */
    record StockQuery(String sku) {
    }

    /**
     * How many of an article are in stock.
     *
     * @param sku the article
     * @param available the count
     */
    record StockLevel(String sku, int available) {
    }

}
