package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;

/**
 * The node heartbeat record of the session stream: header, node id, node epoch, time written (epoch microseconds),
 * then the node's traffic as three varints: PUBLISH packets sent, bytes received, bytes sent (a varint holds no
 * negative value, so a negative counter cannot be encoded).
 */
public final class NodeCodec {

    private NodeCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(NodeEvent event) {
        RecordWriter writer = new RecordWriter(64 + event.nodeId().length());
        RecordHeader.write(writer, EventType.NODE);
        writer.writeString(event.nodeId());
        writer.writeLong(event.nodeEpoch());
        writer.writeLong(PublishCodec.toEpochMicros(event.at()));
        NodeTraffic traffic = event.traffic();
        writer.writeVarLong(traffic.messagesSent());
        writer.writeVarLong(traffic.bytesReceived());
        writer.writeVarLong(traffic.bytesSent());
        return writer.toByteArray();
    }

    /** The event in {@code record}. */
    public static NodeEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.NODE);
        String nodeId = reader.readString();
        long nodeEpoch = reader.readLong();
        long atMicros = reader.readLong();
        NodeTraffic traffic = new NodeTraffic(reader.readVarLong(), reader.readVarLong(), reader.readVarLong());
        reader.requireEnd();
        return new NodeEvent(nodeId, nodeEpoch, PublishCodec.fromEpochMicros(atMicros), traffic);
    }
}
