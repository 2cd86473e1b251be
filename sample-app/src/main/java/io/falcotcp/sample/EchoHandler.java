package io.falcotcp.sample;

import io.falcotcp.protocol.RequestStatus;
import io.falcotcp.server.FalcoRequestException;
import io.falcotcp.spring.handler.FalcoHandler;
import org.springframework.stereotype.Component;

/**
 * The default handler: every plain FalcoTCP v1 client reaches it and gets its bytes back.
 */
@Component
class EchoHandler {

    @FalcoHandler
    byte[] echo(byte[] request) {
        if (request.length == 0) {
            throw new FalcoRequestException(RequestStatus.BAD_REQUEST, "nothing to echo");
        }
        return request;
    }

}
