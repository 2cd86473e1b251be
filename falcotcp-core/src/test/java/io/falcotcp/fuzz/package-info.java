/**
 * Network fuzzing: random and mutated frames of both modes against a real server over sockets, with frames built
 * by hand from the protocol document, and checks that the server survives them unchanged.
 */
@NullMarked
package io.falcotcp.fuzz;

import org.jspecify.annotations.NullMarked;
