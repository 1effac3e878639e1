package io.tsunagu.ingest.auth;

import io.tsunagu.contracts.topic.TopicFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The access control list of an ACL file in Mosquitto's {@code acl_file} format (see {@link AclFileParser}):
 * what each user may read and write, what clients without a user name may, and patterns for every client.
 *
 * <p>A client may publish to a topic when one of the lines that apply to it grants {@code write} on a filter that
 * matches the topic; it may subscribe to a filter when one grants {@code read} on a filter that
 * {@linkplain AclFilters#covers covers} it. The lines that apply are those of its user's section (the lines before
 * any {@code user} line when it sent no user name) and every {@code pattern} line. Anything else is refused: with
 * an ACL file, access is denied unless granted. Immutable and thread-safe.
 */
public final class FileAcl implements Authorizer {

    private final List<AclRule> anonymous;
    private final Map<String, List<AclRule>> byUser;
    private final List<AclRule> patterns;

    FileAcl(List<AclRule> anonymous, Map<String, List<AclRule>> byUser, List<AclRule> patterns) {
        this.anonymous = List.copyOf(anonymous);
        this.byUser = Map.copyOf(byUser);
        this.patterns = List.copyOf(patterns);
    }

    @Override
    public boolean canPublish(ClientIdentity client, String topic) {
        return grants(client, AclAccess::allowsWrite, filter -> TopicFilter.matches(filter, topic));
    }

    @Override
    public boolean canSubscribe(ClientIdentity client, String filter) {
        String requested = AclFilters.withoutSharePrefix(filter);
        return grants(client, AclAccess::allowsRead, acl -> AclFilters.covers(acl, requested));
    }

    /** Number of lines that grant something (for the startup log). */
    public int ruleCount() {
        return anonymous.size() + byUser.values().stream().mapToInt(List::size).sum() + patterns.size();
    }

    private boolean grants(ClientIdentity client, Predicate<AclAccess> access, Predicate<String> applies) {
        List<AclRule> own = client.hasUsername() ? byUser.getOrDefault(client.username(), List.of()) : anonymous;
        for (AclRule rule : own) {
            if (access.test(rule.access()) && applies.test(rule.filter())) {
                return true;
            }
        }
        if (!mayUsePatterns(client)) {
            return false;
        }
        for (AclRule pattern : patterns) {
            if (!access.test(pattern.access())) {
                continue;
            }
            Optional<String> filter = AclFilters.expand(pattern.filter(), client);
            if (filter.isPresent() && applies.test(filter.get())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mayUsePatterns(ClientIdentity client) {
        return AclFilters.isSafeLevel(client.clientId())
                && (!client.hasUsername() || AclFilters.isSafeLevel(client.username()));
    }
}
