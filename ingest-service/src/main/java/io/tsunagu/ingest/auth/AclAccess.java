package io.tsunagu.ingest.auth;

import java.util.Optional;

/** What an ACL line grants: Mosquitto's {@code read}, {@code write} and {@code readwrite}. */
enum AclAccess {
    /** Subscribe (and so receive). */
    READ("read"),
    /** Publish, including a will. */
    WRITE("write"),
    /** Both. */
    READWRITE("readwrite");

    private final String keyword;

    AclAccess(String keyword) {
        this.keyword = keyword;
    }

    /** The access named by {@code keyword} in an ACL file, if it names one. */
    static Optional<AclAccess> of(String keyword) {
        for (AclAccess access : values()) {
            if (access.keyword.equals(keyword)) {
                return Optional.of(access);
            }
        }
        return Optional.empty();
    }

    boolean allowsRead() {
        return this != WRITE;
    }

    boolean allowsWrite() {
        return this != READ;
    }
}
