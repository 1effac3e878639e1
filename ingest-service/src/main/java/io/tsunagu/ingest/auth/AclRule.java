package io.tsunagu.ingest.auth;

/**
 * One {@code topic} or {@code pattern} line of an ACL file.
 *
 * @param access what it grants
 * @param filter the topic filter it grants it on; for a pattern, with {@code %c} and {@code %u} levels
 * @param line the line number in the file, for messages
 */
record AclRule(AclAccess access, String filter, int line) {
}
