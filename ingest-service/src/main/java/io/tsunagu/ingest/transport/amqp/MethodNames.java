package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.codec.amqp.Method;
import java.util.Locale;

/** The spec's names of methods ({@code exchange.declare}, {@code basic.recover-async}), for reply texts and logs. */
final class MethodNames {

    private MethodNames() {
    }

    /** {@code class.method} of {@code method}, e.g. {@code queue.declare-ok}. */
    static String of(Method method) {
        return className(method.classId()) + "." + kebab(method.getClass().getSimpleName());
    }

    private static String className(int classId) {
        return switch (classId) {
            case 10 -> "connection";
            case 20 -> "channel";
            case 40 -> "exchange";
            case 50 -> "queue";
            case 60 -> "basic";
            case 85 -> "confirm";
            case 90 -> "tx";
            default -> "class-" + classId;
        };
    }

    private static String kebab(String camel) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                name.append('-');
            }
            name.append(c);
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }
}
