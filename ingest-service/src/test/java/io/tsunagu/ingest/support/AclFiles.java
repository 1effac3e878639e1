package io.tsunagu.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** ACL files for test profiles: written to a temporary file that the JVM deletes when it exits. */
final class AclFiles {

    private AclFiles() {
    }

    /** Writes {@code acl} to a new temporary file and returns its path. */
    static Path write(String acl) {
        try {
            Path file = Files.createTempFile("tsunagu-test", ".acl");
            Files.writeString(file, acl, StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
