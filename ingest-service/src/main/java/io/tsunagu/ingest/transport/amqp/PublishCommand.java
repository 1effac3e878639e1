package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.codec.amqp.BasicMethod;

/**
 * A basic.publish with its content, assembled from the method, content header and body frames (§4.2.6).
 *
 * @param method the basic.publish
 * @param properties the content header's property section as received (property flags and list)
 * @param body the body
 */
record PublishCommand(BasicMethod.Publish method, byte[] properties, byte[] body) {
}
