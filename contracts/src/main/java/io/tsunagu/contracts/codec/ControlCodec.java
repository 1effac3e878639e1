package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;

/**
 * The control record of a delivery stream: header, target node id, kind (its ordinal), tenant, client id, requesting
 * node id.
 */
public final class ControlCodec {

    private ControlCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(ControlEvent event) {
        RecordWriter writer = new RecordWriter(64);
        RecordHeader.write(writer, EventType.CONTROL);
        writer.writeString(event.nodeId());
        writer.writeByte(event.kind().ordinal());
        writer.writeString(event.tenant());
        writer.writeString(event.clientId());
        writer.writeString(event.requestingNode());
        return writer.toByteArray();
    }

    /** The event in {@code record}. */
    public static ControlEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.CONTROL);
        String nodeId = reader.readString();
        ControlKind kind = readKind(reader);
        ControlEvent event = new ControlEvent(nodeId, kind, reader.readString(), reader.readString(),
                reader.readString());
        reader.requireEnd();
        return event;
    }

    private static ControlKind readKind(RecordReader reader) {
        int ordinal = reader.readUnsignedByte();
        ControlKind[] kinds = ControlKind.values();
        if (ordinal >= kinds.length) {
            throw new CodecException("unknown control kind " + ordinal);
        }
        return kinds[ordinal];
    }
}
