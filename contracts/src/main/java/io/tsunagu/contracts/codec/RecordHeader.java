package io.tsunagu.contracts.codec;

/**
 * The two bytes that open every stream record: the format version, then the {@link EventType}.
 *
 * <p>A reader refuses a version it does not know instead of guessing; a new layout gets a new version and
 * readers learn it before writers start producing it.
 */
public final class RecordHeader {

    /** The record layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private RecordHeader() {
    }

    /** Writes the header of a record of {@code type}. */
    static void write(RecordWriter writer, EventType type) {
        writer.writeByte(FORMAT_VERSION);
        writer.writeByte(type.code());
    }

    /** Reads and checks the header, requiring a record of {@code expected} type. */
    static void read(RecordReader reader, EventType expected) {
        EventType actual = readType(reader);
        if (actual != expected) {
            throw new CodecException("expected a " + expected + " record but found " + actual);
        }
    }

    /** The type of the record in {@code record}, after checking its format version. */
    public static EventType typeOf(byte[] record) {
        return readType(new RecordReader(record));
    }

    private static EventType readType(RecordReader reader) {
        int version = reader.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new CodecException("unsupported record format version " + version);
        }
        return EventType.fromCode(reader.readUnsignedByte());
    }
}
