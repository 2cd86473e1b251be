/**
 * Keys, AEAD engines and nonce sources.
 */
@NullMarked
package io.falcotcp.crypto;

import org.jspecify.annotations.NullMarked;
