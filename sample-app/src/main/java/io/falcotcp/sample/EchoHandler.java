package io.falcotcp.sample;

import io.falcotcp.spring.handler.FalcoHandler;
import org.springframework.stereotype.Component;

/**
 * The default handler: every plain FalcoTCP v1 client reaches it and gets its bytes back, an empty request as an
 * empty (still encrypted) response. It never blocks, so it runs on the connection's event loop.
 */
@Component
class EchoHandler {

    @FalcoHandler(blocking = false)
    byte[] echo(byte[] request) {
        return request;
    }

}
