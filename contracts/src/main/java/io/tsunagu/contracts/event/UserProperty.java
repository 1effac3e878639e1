package io.tsunagu.contracts.event;

import java.util.Objects;

/** An MQTT 5 user property (MQTT 5 §3.3.2.3.7): a name/value pair that may repeat, in order. */
public record UserProperty(String name, String value) {

    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
