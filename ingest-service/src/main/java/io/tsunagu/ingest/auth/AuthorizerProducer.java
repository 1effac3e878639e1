package io.tsunagu.ingest.auth;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import io.tsunagu.ingest.config.IngestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Makes the node's {@link Authorizer} at startup: the {@link FileAcl} of {@code tsunagu.ingest.acl-file} when it is
 * set, else {@link AllowAllAuthorizer}. A file that cannot be read or parsed fails the start with its line number.
 * Another {@link Authorizer} bean replaces this default.
 */
@ApplicationScoped
public class AuthorizerProducer {

    private static final Logger LOG = Logger.getLogger(AuthorizerProducer.class);

    @Produces
    @Singleton
    @Startup
    @DefaultBean
    Authorizer authorizer(IngestOptions options) {
        if (options.aclFile().isEmpty() || options.aclFile().get().isBlank()) {
            LOG.info("no ACL file (tsunagu.ingest.acl-file): every client may publish and subscribe to every topic");
            return new AllowAllAuthorizer();
        }
        Path path = Path.of(options.aclFile().get());
        FileAcl acl = AclFileParser.load(path);
        LOG.infof("ACL file %s loaded: %d rules", path, acl.ruleCount());
        return acl;
    }
}
