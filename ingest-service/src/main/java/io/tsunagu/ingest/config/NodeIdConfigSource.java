package io.tsunagu.ingest.config;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the default of {@code tsunagu.ingest.node-id}: the {@code HOSTNAME} environment variable (a pod's name
 * in Kubernetes), else {@code ingest-} and a random suffix. Its ordinal is below application.properties and the
 * environment, so {@code TSUNAGU_INGEST_NODE_ID} always wins. The value is computed once per process, at run time.
 */
public final class NodeIdConfigSource implements ConfigSource {

    /** The key this source supplies. */
    public static final String NODE_ID = "tsunagu.ingest.node-id";

    private static final int ORDINAL = 50;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(NODE_ID);
    }

    @Override
    public String getValue(String propertyName) {
        return NODE_ID.equals(propertyName) ? Holder.DEFAULT_NODE_ID : null;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(NODE_ID, Holder.DEFAULT_NODE_ID);
    }

    @Override
    public String getName() {
        return "tsunagu-node-id-default";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    /** Lazily computed so that it is never fixed at build time. */
    private static final class Holder {
        static final String DEFAULT_NODE_ID = defaultNodeId();

        private static String defaultNodeId() {
            String hostname = System.getenv("HOSTNAME");
            if (hostname != null && !hostname.isBlank()) {
                return hostname.trim();
            }
            return "ingest-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
