package io.falcotcp.spring.test.autoconfigure;

import io.falcotcp.testsupport.LeakCheckContract;

/**
 * The Netty leak check of the core's test support runs in this module too.
 */
class LeakCheckTests extends LeakCheckContract {

}
