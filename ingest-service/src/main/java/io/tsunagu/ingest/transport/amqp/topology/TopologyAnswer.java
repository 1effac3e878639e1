package io.tsunagu.ingest.transport.amqp.topology;

import io.vertx.core.json.JsonObject;

/**
 * What storage answered a {@link TopologyRequest}: accepted (2xx, with the stored entity when there is one), or
 * refused with an AMQP reply code and RabbitMQ's reply text (storage's {@code {"replyCode","replyText"}} body).
 *
 * @param replyCode 200 when accepted, else the AMQP reply code (403, 404, 405, 406, 503, 541)
 * @param replyText the reply text when refused, else {@code ""}
 * @param entity the JSON body of an accepted answer, or an empty object
 */
public record TopologyAnswer(int replyCode, String replyText, JsonObject entity) {

    /** AMQP 541 INTERNAL_ERROR: what an answer that is neither accepted nor an AMQP refusal becomes. */
    public static final int INTERNAL_ERROR = 541;

    /** An accepted answer carrying {@code entity}. */
    public static TopologyAnswer accepted(JsonObject entity) {
        return new TopologyAnswer(200, "", entity == null ? new JsonObject() : entity);
    }

    /** A refusal with {@code replyCode} and {@code replyText}. */
    public static TopologyAnswer refused(int replyCode, String replyText) {
        return new TopologyAnswer(replyCode, replyText, new JsonObject());
    }

    /** Whether storage accepted the request. */
    public boolean isAccepted() {
        return replyCode == 200;
    }

    /**
     * The answer for an HTTP status and body: 2xx is accepted; a body with {@code replyCode} is that refusal;
     * anything else (a 5xx without one, an unreadable body) is 541 INTERNAL_ERROR, our fault.
     */
    public static TopologyAnswer fromHttp(int status, String body) {
        JsonObject json = parse(body);
        if (status / 100 == 2) {
            return accepted(json);
        }
        Integer code = json == null ? null : json.getInteger("replyCode");
        if (code == null) {
            return refused(INTERNAL_ERROR, "INTERNAL_ERROR - storage answered HTTP " + status);
        }
        return refused(code, json.getString("replyText", ""));
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
