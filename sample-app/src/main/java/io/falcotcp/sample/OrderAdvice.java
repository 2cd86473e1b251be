package io.falcotcp.sample;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.spring.handler.FalcoAdvice;
import io.falcotcp.spring.handler.FalcoExceptionHandler;

/**
 * Answers the domain exceptions of every handler with a status and a short message that is safe to send: the
 * handlers throw what the domain says, and only this class knows how a client is told.
 */
@FalcoAdvice
class OrderAdvice {

    @FalcoExceptionHandler(status = RequestStatus.BAD_REQUEST)
    String orderNotFound(OrderNotFoundException ex) {
        return "no order " + ex.getOrderId();
    }

}
