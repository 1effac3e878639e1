/**
 * AMQP 0-9-1 data shared by ingest and routing: field tables (§4.2.5.5 with RabbitMQ's errata type tags) and the
 * content properties of class basic (§4.2.6.1), over plain {@code byte[]} and {@link java.nio.ByteBuffer}. Decoding
 * untrusted bytes ends in {@link io.tsunagu.contracts.codec.CodecException} and in no other exception; encoding a
 * value the wire cannot carry is the caller's mistake and raises {@link IllegalArgumentException}.
 */
package io.tsunagu.contracts.amqp;
