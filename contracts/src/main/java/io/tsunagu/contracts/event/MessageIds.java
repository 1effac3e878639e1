package io.tsunagu.contracts.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered message ids: UUID version 7 (RFC 9562 §5.7), 48 bits of Unix milliseconds then 74 random bits,
 * so ids sort by arrival time and stay unique across nodes without coordination.
 */
public final class MessageIds {

    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;
    private static final long RANDOM_A_MASK = 0x0FFFL;
    private static final long RANDOM_B_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private MessageIds() {
    }

    /** A new id for a message received at {@code epochMillis}. */
    public static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (epochMillis << 16) | VERSION_7 | (random.nextLong() & RANDOM_A_MASK);
        long leastSignificant = VARIANT_RFC | (random.nextLong() & RANDOM_B_MASK);
        return new UUID(mostSignificant, leastSignificant);
    }

    /** The Unix milliseconds a version 7 id was made at. */
    public static long epochMillisOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
