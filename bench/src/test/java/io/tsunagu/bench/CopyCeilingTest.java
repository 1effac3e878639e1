package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.MessageIds;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ceiling's rows are shaped as Tsunagu stores them. */
class CopyCeilingTest {

    /** Binary COPY's signature (11 bytes), flags and header extension length. */
    private static final int HEADER_BYTES = 11 + 4 + 4;

    @Test
    void messageIdsAreTimeOrderedLikeTsunagusOwn() throws IOException {
        long before = Instant.now().toEpochMilli();

        byte[] data = CopyCeiling.encode(new CopyCeiling.Rows("run1", 2, 3, 16));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        in.skipNBytes(HEADER_BYTES);
        assertThat(in.readShort()).as("fields of the first row").isEqualTo((short) 8);
        assertThat(in.readInt()).as("length of a uuid").isEqualTo(16);
        UUID first = new UUID(in.readLong(), in.readLong());
        assertThat(first.version()).isEqualTo(7);
        assertThat(MessageIds.epochMillisOf(first)).isBetween(before, Instant.now().toEpochMilli());
    }
}
