package io.tsunagu.ingest.auth;

/** An ACL file that cannot be read or has a line that is not understood; stops the start of the node. */
public final class AclFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;

    AclFileException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.line = line;
    }

    AclFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.line = 0;
    }

    /** The 1-based line number of the problem, or 0 when the file could not be read. */
    public int line() {
        return line;
    }
}
