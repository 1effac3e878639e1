package io.tsunagu.bench;

import io.tsunagu.contracts.event.MessageIds;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The ceiling S5 compares Tsunagu's durable ingest with: how fast this PostgreSQL takes the same rows through one
 * {@code COPY ... FROM STDIN (FORMAT binary)}, the fastest way into a table, with no broker in front. The rows go into
 * a scratch copy of the {@code messages} table ({@code LIKE messages INCLUDING ALL}: same columns, defaults, identity,
 * constraints and indexes), which is dropped afterwards. Only the COPY, commit included, is timed; the rows are
 * encoded before.
 */
final class CopyCeiling {

    /** The rows of one run: as many as Tsunagu stores for {@code count} publishes of the same traffic. */
    record Rows(String runId, int publishers, int count, int payloadBytes) {
    }

    /** Binary COPY's signature, then its flags and header extension length (both 0). */
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final String COLUMNS = "(message_id, tenant, client_id, topic, payload, qos, retain, received_at)";
    private static final short FIELDS = 8;
    private static final long MICROS_PER_MILLI = 1_000;
    private static final byte[] TENANT = "default".getBytes(StandardCharsets.UTF_8);

    private final StoredRows database;

    CopyCeiling(StoredRows database) {
        this.database = database;
    }

    /** Copies the rows into a scratch table and answers the rows stored per second. */
    double rowsPerSecond(Rows rows) throws SQLException, IOException {
        byte[] data = encode(rows);
        String table = "bench_copy_" + rows.runId();
        try (Connection connection = database.connect()) {
            execute(connection, "CREATE TABLE " + table + " (LIKE messages INCLUDING ALL)");
            try {
                long start = System.nanoTime();
                long copied = copy(connection, "COPY " + table + " " + COLUMNS + " FROM STDIN (FORMAT binary)", data);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (copied != rows.count()) {
                    throw new IllegalStateException("COPY stored " + copied + " of " + rows.count() + " rows");
                }
                return copied / seconds;
            } finally {
                execute(connection, "DROP TABLE " + table);
            }
        }
    }

    private static long copy(Connection connection, String sql, byte[] data) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(data, 0, data.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The rows in binary COPY format, shaped as Tsunagu's storage writes them for the same traffic: a time-ordered
     * message id (UUID version 7 of the row's received time, as ingest assigns them), tenant "default", publisher
     * {@code p}'s client id and topic ({@link Traffic}'s names), a payload of the same size (8 bytes of time, then
     * filler), QoS 1, not retained, received now (a microsecond apart, in row order).
     */
    static byte[] encode(Rows rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.count() * (rows.payloadBytes() + 128));
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        RowWriter writer = new RowWriter(out, rows);
        for (int i = 0; i < rows.count(); i++) {
            writer.write(i);
        }
        out.writeShort(-1);
        out.flush();
        return bytes.toByteArray();
    }

    /** Writes rows as binary COPY tuples: per field its length in bytes, then the value in network byte order. */
    private static final class RowWriter {

        private final DataOutputStream out;
        private final byte[][] clientIds;
        private final byte[][] topics;
        private final byte[] payload;
        private final Instant start = Instant.now();
        private final long receivedAt = microsSincePostgresEpoch(start);

        RowWriter(DataOutputStream out, Rows rows) {
            this.out = out;
            this.clientIds = new byte[rows.publishers()][];
            this.topics = new byte[rows.publishers()][];
            for (int p = 0; p < rows.publishers(); p++) {
                clientIds[p] = (rows.runId() + "-pub-" + p).getBytes(StandardCharsets.UTF_8);
                topics[p] = ("bench/" + rows.runId() + "/" + p + "/data").getBytes(StandardCharsets.UTF_8);
            }
            this.payload = new byte[rows.payloadBytes()];
            Arrays.fill(payload, (byte) 'x');
        }

        void write(int row) throws IOException {
            int publisher = row % clientIds.length;
            out.writeShort(FIELDS);
            // Time-ordered like Tsunagu's ids: random ones would scatter the unique index's inserts over its pages.
            UUID messageId = MessageIds.next(start.toEpochMilli() + row / MICROS_PER_MILLI);
            out.writeInt(16);
            out.writeLong(messageId.getMostSignificantBits());
            out.writeLong(messageId.getLeastSignificantBits());
            writeBytes(TENANT);
            writeBytes(clientIds[publisher]);
            writeBytes(topics[publisher]);
            stampPayload(System.nanoTime());
            writeBytes(payload);
            out.writeInt(Short.BYTES);
            out.writeShort(1);
            out.writeInt(1);
            out.writeBoolean(false);
            out.writeInt(Long.BYTES);
            out.writeLong(receivedAt + row);
        }

        private void writeBytes(byte[] value) throws IOException {
            out.writeInt(value.length);
            out.write(value);
        }

        /** Like {@link Traffic}'s payloads, the first 8 bytes carry a time (big-endian), so no two are alike. */
        private void stampPayload(long nanos) {
            for (int b = 0; b < Math.min(Long.BYTES, payload.length); b++) {
                payload[b] = (byte) (nanos >>> (56 - 8 * b));
            }
        }
    }

    static long microsSincePostgresEpoch(Instant instant) {
        return (instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + instant.getNano() / 1_000;
    }
}
