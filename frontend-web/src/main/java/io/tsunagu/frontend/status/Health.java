package io.tsunagu.frontend.status;

/** A health state as MicroProfile Health reports it. */
public enum Health {
    UP,
    DOWN;

    /** UP for the text "UP" (any case), DOWN for anything else, a missing status included. */
    public static Health of(String text) {
        return "UP".equalsIgnoreCase(text) ? UP : DOWN;
    }
}
