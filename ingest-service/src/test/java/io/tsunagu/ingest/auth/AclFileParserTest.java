package io.tsunagu.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AclFileParserTest {

    private static final FileAcl ACL = AclFileParser.parse("acl", List.of(
            "# anonymous clients",
            "topic read public/#",
            "topic write public/anonymous/+",
            "",
            "user alice",
            "topic readwrite alice/#",
            "topic read  spaced out/topic",
            "topic plant/+/telemetry",
            "user bob smith",
            "topic write bob/#",
            "# every client",
            "pattern readwrite devices/%c/#",
            "pattern read users/%u/inbox",
            "  # an indented comment"));

    private static final ClientIdentity ANONYMOUS = new ClientIdentity("default", "anon-1", null);
    private static final ClientIdentity ALICE = new ClientIdentity("default", "alice-phone", "alice");

    @Test
    void linesBeforeAnyUserApplyToClientsWithoutAUserName() {
        assertThat(ACL.canSubscribe(ANONYMOUS, "public/#")).isTrue();
        assertThat(ACL.canPublish(ANONYMOUS, "public/anonymous/hello")).isTrue();
        assertThat(ACL.canPublish(ANONYMOUS, "public/news")).isFalse();
        assertThat(ACL.canSubscribe(ALICE, "public/#")).isFalse();
    }

    @Test
    void userSectionGrantsItsAccessTypes() {
        assertThat(ACL.canPublish(ALICE, "alice/x")).isTrue();
        assertThat(ACL.canSubscribe(ALICE, "alice/#")).isTrue();
        assertThat(ACL.canSubscribe(ALICE, "spaced out/topic")).isTrue();
        assertThat(ACL.canPublish(ALICE, "spaced out/topic")).isFalse();
        assertThat(ACL.canPublish(ALICE, "plant/1/telemetry")).isTrue();
        assertThat(ACL.canSubscribe(ALICE, "plant/+/telemetry")).isTrue();
        assertThat(ACL.canPublish(ANONYMOUS, "alice/x")).isFalse();
    }

    @Test
    void userNameIsTheRestOfTheLine() {
        ClientIdentity bob = new ClientIdentity("default", "b", "bob smith");

        assertThat(ACL.canPublish(bob, "bob/1")).isTrue();
        assertThat(ACL.canSubscribe(bob, "bob/1")).isFalse();
    }

    @Test
    void readAllowsOnlyFiltersItCovers() {
        assertThat(ACL.canSubscribe(ANONYMOUS, "public/a/+")).isTrue();
        assertThat(ACL.canSubscribe(ANONYMOUS, "#")).isFalse();
        assertThat(ACL.canSubscribe(ANONYMOUS, "+/a")).isFalse();
        assertThat(ACL.canSubscribe(ANONYMOUS, "$share/group/public/a")).isTrue();
        assertThat(ACL.canSubscribe(ANONYMOUS, "$share/group/secret/a")).isFalse();
    }

    @Test
    void patternsApplyToEveryClientWithItsOwnClientIdAndUserName() {
        assertThat(ACL.canPublish(ALICE, "devices/alice-phone/battery")).isTrue();
        assertThat(ACL.canPublish(ANONYMOUS, "devices/anon-1/battery")).isTrue();
        assertThat(ACL.canPublish(ANONYMOUS, "devices/alice-phone/battery")).isFalse();
        assertThat(ACL.canSubscribe(ALICE, "users/alice/inbox")).isTrue();
        assertThat(ACL.canSubscribe(ALICE, "users/bob/inbox")).isFalse();
        assertThat(ACL.canSubscribe(ANONYMOUS, "users/+/inbox")).isFalse();
    }

    @Test
    void clientIdWithWildcardsOrSeparatorsGetsNoPatternAccess() {
        assertThat(ACL.canSubscribe(new ClientIdentity("default", "+", null), "devices/+/#")).isFalse();
        assertThat(ACL.canPublish(new ClientIdentity("default", "a/b", null), "devices/a/b/x")).isFalse();
        assertThat(ACL.canPublish(new ClientIdentity("default", "ok", "x#"), "devices/ok/x")).isFalse();
    }

    @Test
    void dollarTopicsNeedAnAclFilterThatStartsWithThem() {
        FileAcl acl = AclFileParser.parse("acl", List.of("topic readwrite #", "topic read $SYS/broker/#"));

        assertThat(acl.canPublish(ANONYMOUS, "$SYS/broker/uptime")).isFalse();
        assertThat(acl.canSubscribe(ANONYMOUS, "#")).isTrue();
        assertThat(acl.canSubscribe(ANONYMOUS, "$SYS/#")).isFalse();
        assertThat(acl.canSubscribe(ANONYMOUS, "$SYS/broker/+")).isTrue();
    }

    @Test
    void emptyFileRefusesEverything() {
        FileAcl acl = AclFileParser.parse("acl", List.of("# nothing granted"));

        assertThat(acl.canPublish(ANONYMOUS, "a")).isFalse();
        assertThat(acl.canSubscribe(ALICE, "a")).isFalse();
        assertThat(acl.ruleCount()).isZero();
    }

    @Test
    void unknownKeywordNamesItsLine() {
        assertError(List.of("topic read a", "", "topics read b"), 3, "unknown keyword 'topics'");
    }

    @Test
    void unknownAccessTypeNamesItsLine() {
        // Mosquitto's "deny" is not supported: refusing it beats granting what it meant to deny.
        assertError(List.of("user a", "topic deny a/b"), 2, "unknown access type 'deny'");
        assertError(List.of("topic my topic"), 1, "unknown access type 'my'");
    }

    @Test
    void invalidFilterNamesItsLine() {
        assertError(List.of("topic read a/#/b"), 1, "'a/#/b' is not a valid topic filter");
        assertError(List.of("pattern write a+"), 1, "'a+' is not a valid topic filter");
    }

    @Test
    void substitutionMustBeAWholeLevel() {
        assertError(List.of("pattern read devices/dev-%c"), 1, "%c and %u must each be a whole level");
    }

    @Test
    void missingPartsNameTheirLine() {
        assertError(List.of("user"), 1, "'user' needs a user name");
        assertError(List.of("user a", "topic"), 2, "missing topic filter");
        assertError(List.of("pattern   "), 1, "missing topic filter");
    }

    @Test
    void sharedFilterIsRefused() {
        assertError(List.of("topic read $share/g/a"), 1, "cannot be a shared subscription");
    }

    @Test
    void unreadableFileIsReported(@TempDir Path directory) {
        assertThatThrownBy(() -> AclFileParser.load(directory.resolve("missing.acl")))
                .isInstanceOf(AclFileException.class)
                .hasMessageContaining("missing.acl")
                .hasMessageContaining("cannot read the ACL file");
    }

    private static void assertError(List<String> lines, int line, String problem) {
        assertThatThrownBy(() -> AclFileParser.parse("test.acl", lines))
                .isInstanceOfSatisfying(AclFileException.class, e -> assertThat(e.line()).isEqualTo(line))
                .hasMessageStartingWith("test.acl:" + line + ": ")
                .hasMessageContaining(problem);
    }
}
