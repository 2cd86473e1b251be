package io.falcotcp.sample;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.falcotcp.server.RequestContext;
import io.falcotcp.spring.handler.FalcoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * An inventory route on a second bean, which also looks at the request context. It answers asynchronously, as a
 * call to a remote warehouse service would: it is invoked on the event loop and no thread waits for the answer.
 */
@Service
class InventoryHandlers {

    private static final Logger logger = LoggerFactory.getLogger(InventoryHandlers.class);

    private final Map<String, Integer> stock = Map.of("BOOK-1", 12, "PEN-7", 250);

    /** Stands for the warehouse service: it answers a moment later, on a thread of its own. */
    private final Executor warehouse = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);

    @FalcoHandler("inventory.stock")
    CompletableFuture<StockLevel> stock(StockQuery query, RequestContext context) {
        logger.debug("stock of {} asked by {}", query.sku(), context.remoteAddress());
        return CompletableFuture.supplyAsync(() -> new StockLevel(query.sku(),
                this.stock.getOrDefault(query.sku(), 0)), this.warehouse);
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
