package io.tsunagu.ingest.codec.amqp;

import io.tsunagu.contracts.amqp.LongString;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One instance of every supported method, with non-default values in every field. */
final class MethodSamples {

    private MethodSamples() {
    }

    static Map<String, Object> args() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("x-max-priority", 10);
        table.put("x-message-ttl", 60_000L);
        table.put("x-dead-letter-exchange", LongString.of("dlx"));
        table.put("nested", Map.of("capabilities", List.of(true, 1)));
        table.put("at", Instant.ofEpochSecond(1_700_000_000L));
        return table;
    }

    static Stream<Method> all() {
        return Stream.of(connection(), channel(), exchange(), queue(), basic(), other()).flatMap(s -> s);
    }

    private static Stream<Method> connection() {
        return Stream.of(
                new ConnectionMethod.Start(0, 9, args(), LongString.of("PLAIN AMQPLAIN"), LongString.of("en_US")),
                new ConnectionMethod.StartOk(args(), "AMQPLAIN", LongString.of("\u0000u\u0000p"), "en_US"),
                new ConnectionMethod.Secure(LongString.of("challenge")),
                new ConnectionMethod.SecureOk(LongString.of("response")),
                new ConnectionMethod.Tune(2047, 131072, 60),
                new ConnectionMethod.TuneOk(65535, 4294967295L, 65535),
                new ConnectionMethod.Open("tenant-a"),
                new ConnectionMethod.OpenOk(),
                new ConnectionMethod.Close(320, "CONNECTION_FORCED - shutdown", 0, 0),
                new ConnectionMethod.CloseOk(),
                new ConnectionMethod.Blocked("low on memory"),
                new ConnectionMethod.Unblocked());
    }

    private static Stream<Method> channel() {
        return Stream.of(
                new ChannelMethod.Open(),
                new ChannelMethod.OpenOk(),
                new ChannelMethod.Flow(true),
                new ChannelMethod.FlowOk(true),
                new ChannelMethod.Close(404, "NOT_FOUND - no queue 'q'", 50, 10),
                new ChannelMethod.CloseOk());
    }

    private static Stream<Method> exchange() {
        int flags = ExchangeMethod.Declare.DURABLE | ExchangeMethod.Declare.INTERNAL | ExchangeMethod.Declare.NO_WAIT;
        ExchangeMethod.Binding binding = new ExchangeMethod.Binding("dst", "src", "a.#", true, args());
        return Stream.of(
                new ExchangeMethod.Declare("ex", "topic", flags, args()),
                new ExchangeMethod.DeclareOk(),
                new ExchangeMethod.Delete("ex", true, true),
                new ExchangeMethod.DeleteOk(),
                new ExchangeMethod.Bind(binding),
                new ExchangeMethod.BindOk(),
                new ExchangeMethod.Unbind(binding),
                new ExchangeMethod.UnbindOk());
    }

    private static Stream<Method> queue() {
        int flags = QueueMethod.Declare.PASSIVE | QueueMethod.Declare.EXCLUSIVE | QueueMethod.Declare.AUTO_DELETE;
        return Stream.of(
                new QueueMethod.Declare("", flags, args()),
                new QueueMethod.DeclareOk("amq.gen-abc", 4294967295L, 3),
                new QueueMethod.Bind("q", "amq.topic", "a.*.c", true, args()),
                new QueueMethod.BindOk(),
                new QueueMethod.Purge("q", true),
                new QueueMethod.PurgeOk(12),
                new QueueMethod.Delete("q", true, false, true),
                new QueueMethod.DeleteOk(7),
                new QueueMethod.Unbind("q", "amq.topic", "a.*.c", args()),
                new QueueMethod.UnbindOk());
    }

    private static Stream<Method> basic() {
        return Stream.of(
                new BasicMethod.Qos(0, 250, true),
                new BasicMethod.QosOk(),
                new BasicMethod.Consume("q", "ctag", BasicMethod.Consume.NO_ACK | BasicMethod.Consume.NO_WAIT, args()),
                new BasicMethod.ConsumeOk("ctag"),
                new BasicMethod.Cancel("ctag", true),
                new BasicMethod.CancelOk("ctag"),
                new BasicMethod.Publish("amq.topic", "a.b.c", true, false),
                new BasicMethod.Return(312, "NO_ROUTE", "ex", "rk"),
                new BasicMethod.Deliver("ctag", Long.MAX_VALUE, true, "ex", "rk"),
                new BasicMethod.Get("q", true),
                new BasicMethod.GetOk(-1L, true, "ex", "rk", 99),
                new BasicMethod.GetEmpty(),
                new BasicMethod.Ack(42, true),
                new BasicMethod.Reject(43, true),
                new BasicMethod.RecoverAsync(true),
                new BasicMethod.Recover(true),
                new BasicMethod.RecoverOk(),
                new BasicMethod.Nack(44, true, true));
    }

    private static Stream<Method> other() {
        return Stream.of(
                new TxMethod.Select(), new TxMethod.SelectOk(), new TxMethod.Commit(), new TxMethod.CommitOk(),
                new TxMethod.Rollback(), new TxMethod.RollbackOk(),
                new ConfirmMethod.Select(true), new ConfirmMethod.SelectOk());
    }
}
