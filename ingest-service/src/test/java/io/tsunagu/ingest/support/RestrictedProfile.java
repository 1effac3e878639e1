package io.tsunagu.ingest.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An application that refuses things: an ACL file (every topic under {@value #ROOT}) and retained messages off.
 * The tests that use it share one application start.
 */
public final class RestrictedProfile implements QuarkusTestProfile {

    /** The topics the ACL is about. */
    public static final String ROOT = "acl";

    /** The ACL: anonymous clients, the user alice, and patterns for every client. */
    static final String ACL = """
            # clients without a user name
            topic read acl/public/#
            topic write acl/public/anonymous/+
            topic write acl/wills/allowed/+
            topic readwrite acl/retain/#

            user alice
            topic readwrite acl/alice/#

            # every client
            pattern readwrite acl/devices/%c/#
            pattern read acl/users/%u/inbox
            """;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tsunagu.ingest.acl-file", AclFiles.write(ACL).toString(),
                "tsunagu.ingest.mqtt.retain-available", "false");
    }
}
