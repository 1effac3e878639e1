package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.NodeEvent;

/** The node heartbeat record of the session stream: header, node id, node epoch, time written (epoch microseconds). */
public final class NodeCodec {

    private NodeCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(NodeEvent event) {
        RecordWriter writer = new RecordWriter(32 + event.nodeId().length());
        RecordHeader.write(writer, EventType.NODE);
        writer.writeString(event.nodeId());
        writer.writeLong(event.nodeEpoch());
        writer.writeLong(PublishCodec.toEpochMicros(event.at()));
        return writer.toByteArray();
    }

    /** The event in {@code record}. */
    public static NodeEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.NODE);
        String nodeId = reader.readString();
        long nodeEpoch = reader.readLong();
        NodeEvent event = new NodeEvent(nodeId, nodeEpoch, PublishCodec.fromEpochMicros(reader.readLong()));
        reader.requireEnd();
        return event;
    }
}
