package io.tsunagu.storage.api;

/** A request parameter that cannot be used; answered with 400 and an {@link ApiError}. */
public final class InvalidParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The name of the offending query parameter. */
    public String parameter() {
        return parameter;
    }
}
