package io.tsunagu.ingest.auth;

import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.contracts.topic.TopicValidation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ACL file in Mosquitto's {@code acl_file} format:
 * <pre>
 * # clients without a user name: the lines before any "user" line
 * topic read public/#
 * user sensor-gateway
 * topic write plant/+/telemetry
 * topic readwrite plant/commands/#
 * # every client: %c is its client id, %u its user name (each a whole level)
 * pattern readwrite devices/%c/#
 * pattern read users/%u/inbox
 * </pre>
 * {@code topic [read|write|readwrite] <filter>} and {@code pattern [read|write|readwrite] <filter>}: without an
 * access type the line grants both; with one, the rest of the line is the filter (it may contain spaces).
 * {@code user <name>} starts the section of that user (the rest of the line, spaces included). Lines starting
 * with {@code #} and blank lines are ignored.
 *
 * <p>Stricter than Mosquitto, which skips what it does not understand: an unknown keyword or access type, a filter
 * that is not a valid topic filter, and a {@code %c}/{@code %u} that is not a whole level are errors naming the
 * line, so a mistyped file stops the start instead of silently granting less (or more) than intended.
 */
public final class AclFileParser {

    private final String source;
    private final List<AclRule> anonymous = new ArrayList<>();
    private final Map<String, List<AclRule>> byUser = new LinkedHashMap<>();
    private final List<AclRule> patterns = new ArrayList<>();
    private List<AclRule> section = anonymous;

    private AclFileParser(String source) {
        this.source = source;
    }

    /** Reads and parses the file at {@code path} (UTF-8). Startup only: blocking file I/O. */
    public static FileAcl load(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new AclFileException(path.toString(), "cannot read the ACL file: " + e, e);
        }
        return parse(path.toString(), lines);
    }

    /** Parses {@code lines}; {@code source} names them in error messages. */
    public static FileAcl parse(String source, List<String> lines) {
        AclFileParser parser = new AclFileParser(source);
        for (int i = 0; i < lines.size(); i++) {
            parser.parseLine(i + 1, lines.get(i).strip());
        }
        return new FileAcl(parser.anonymous, parser.byUser, parser.patterns);
    }

    private void parseLine(int number, String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        String[] keywordAndRest = splitFirst(line);
        String rest = keywordAndRest[1];
        switch (keywordAndRest[0]) {
            case "user" -> startUser(number, rest);
            case "topic" -> section.add(rule(number, rest, false));
            case "pattern" -> patterns.add(rule(number, rest, true));
            default -> throw error(number, "unknown keyword '" + keywordAndRest[0]
                    + "' (expected user, topic or pattern)");
        }
    }

    private void startUser(int number, String name) {
        if (name.isEmpty()) {
            throw error(number, "'user' needs a user name");
        }
        section = byUser.computeIfAbsent(name, ignored -> new ArrayList<>());
    }

    private AclRule rule(int number, String rest, boolean pattern) {
        if (rest.isEmpty()) {
            throw error(number, "missing topic filter");
        }
        String[] accessAndFilter = splitFirst(rest);
        if (accessAndFilter[1].isEmpty()) {
            // One word: the filter, granting read and write (as Mosquitto).
            return new AclRule(AclAccess.READWRITE, checkFilter(number, rest, pattern), number);
        }
        AclAccess access = AclAccess.of(accessAndFilter[0]).orElseThrow(() -> error(number,
                "unknown access type '" + accessAndFilter[0] + "' (expected read, write or readwrite)"));
        return new AclRule(access, checkFilter(number, accessAndFilter[1], pattern), number);
    }

    private String checkFilter(int number, String filter, boolean pattern) {
        TopicValidation validation = TopicFilter.validate(filter, TopicLimits.protocol());
        if (!validation.isValid()) {
            throw error(number, "'" + filter + "' is not a valid topic filter: " + validation.reason());
        }
        if (TopicFilter.isShared(filter)) {
            throw error(number, "'" + filter + "': an ACL filter cannot be a shared subscription; "
                    + "shared subscriptions are checked against the filter after $share/{ShareName}/");
        }
        if (pattern) {
            checkSubstitutions(number, filter);
        }
        return filter;
    }

    private void checkSubstitutions(int number, String filter) {
        for (String level : filter.split("/", -1)) {
            boolean substitutes = level.contains(AclFilters.CLIENT_ID) || level.contains(AclFilters.USERNAME);
            if (substitutes && !level.equals(AclFilters.CLIENT_ID) && !level.equals(AclFilters.USERNAME)) {
                throw error(number, "'" + filter + "': %c and %u must each be a whole level");
            }
        }
    }

    /** The first word of {@code text} and the rest after the whitespace that follows it (empty when none). */
    private static String[] splitFirst(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return new String[] {text.substring(0, end), text.substring(end).strip()};
    }

    private AclFileException error(int number, String problem) {
        return new AclFileException(source, number, problem);
    }
}
