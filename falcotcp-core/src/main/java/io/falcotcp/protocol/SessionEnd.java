package io.falcotcp.protocol;

/**
 * The end of a session connection a codec serves, for what depends on the direction: the kind of the batch frames
 * it writes and of those it reads (feature bit 4).
 */
public enum SessionEnd {

    /** The client: writes batches of kind {@code 0x05}, reads {@code 0x14}. */
    CLIENT(SessionMessage.KIND_REQUEST_BATCH, SessionMessage.KIND_RESPONSE_BATCH),

    /** The server: writes batches of kind {@code 0x14}, reads {@code 0x05}. */
    SERVER(SessionMessage.KIND_RESPONSE_BATCH, SessionMessage.KIND_REQUEST_BATCH);

    private final byte writtenBatchKind;

    private final byte readBatchKind;

    SessionEnd(byte writtenBatchKind, byte readBatchKind) {
        this.writtenBatchKind = writtenBatchKind;
        this.readBatchKind = readBatchKind;
    }

    byte writtenBatchKind() {
        return this.writtenBatchKind;
    }

    byte readBatchKind() {
        return this.readBatchKind;
    }

}
