package io.tsunagu.routing.amqp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.LongString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Headers-exchange matching as RabbitMQ's rabbit_exchange_type_headers does it: binding arguments from the topology
 * stream's JSON (strings, Long, Double, Boolean, null for void) against headers decoded by contracts' FieldTables
 * (LongString, Integer, Long, Instant, byte[]...).
 */
class HeadersMatchTest {

    private static final Map<String, Object> REPORT = Map.of(
            "format", LongString.of("pdf"),
            "type", LongString.of("report"),
            "pages", 12);

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }

    private static boolean matches(Map<String, Object> arguments, Map<String, Object> headers) {
        return HeadersMatch.of(arguments).matches(headers);
    }

    @Test
    void allIsTheDefaultAndNeedsEveryArgument() {
        assertThat(matches(args("format", "pdf", "type", "report"), REPORT)).isTrue();
        assertThat(matches(args("format", "pdf", "type", "log"), REPORT)).isFalse();
        assertThat(matches(args("format", "pdf", "missing", "x"), REPORT)).isFalse();
    }

    @Test
    void explicitAllNeedsEveryArgument() {
        assertThat(matches(args("x-match", "all", "format", "pdf", "pages", 12L), REPORT)).isTrue();
        assertThat(matches(args("x-match", "all", "format", "zip", "pages", 12L), REPORT)).isFalse();
    }

    @Test
    void anyNeedsOneArgument() {
        assertThat(matches(args("x-match", "any", "format", "zip", "type", "report"), REPORT)).isTrue();
        assertThat(matches(args("x-match", "any", "format", "zip", "type", "log"), REPORT)).isFalse();
        assertThat(matches(args("x-match", "any", "absent", "x"), REPORT)).isFalse();
    }

    @Test
    void allWithoutArgumentsTakesEveryMessageAndAnyTakesNone() {
        assertThat(matches(args(), Map.of())).isTrue();
        assertThat(matches(args("x-match", "all"), REPORT)).isTrue();
        assertThat(matches(args("x-match", "any"), REPORT)).isFalse();
        assertThat(matches(args("x-match", "any"), Map.of())).isFalse();
    }

    @Test
    void messageWithoutHeadersFailsAllWithArguments() {
        assertThat(matches(args("format", "pdf"), Map.of())).isFalse();
    }

    @Test
    void argumentsStartingWithXAreIgnoredForAllAndAny() {
        assertThat(matches(args("x-match", "all", "format", "pdf", "x-priority", 5L), REPORT)).isTrue();
        assertThat(matches(args("x-match", "any", "x-format", "pdf"), Map.of("x-format", LongString.of("pdf"))))
                .isFalse();
    }

    @Test
    void withXVariantsMatchXArgumentsToo() {
        Map<String, Object> headers = Map.of("x-tenant", LongString.of("a"), "format", LongString.of("pdf"));

        assertThat(matches(args("x-match", "all-with-x", "x-tenant", "a", "format", "pdf"), headers)).isTrue();
        assertThat(matches(args("x-match", "all-with-x", "x-tenant", "b", "format", "pdf"), headers)).isFalse();
        assertThat(matches(args("x-match", "any-with-x", "x-tenant", "a", "format", "zip"), headers)).isTrue();
        assertThat(matches(args("x-match", "any-with-x", "x-tenant", "b", "format", "zip"), headers)).isFalse();
    }

    @Test
    void xMatchItselfNeverTakesPartEvenWithX() {
        assertThat(matches(args("x-match", "all-with-x", "format", "pdf"), REPORT)).isTrue();
    }

    @Test
    void unknownOrNonStringXMatchMeansAll() {
        assertThat(matches(args("x-match", "some", "format", "pdf", "type", "log"), REPORT)).isFalse();
        assertThat(matches(args("x-match", "some", "format", "pdf"), REPORT)).isTrue();
        assertThat(matches(args("x-match", 1L, "format", "pdf"), REPORT)).isTrue();
        assertThat(matches(args("x-match", "ANY", "format", "zip", "type", "report"), REPORT)).isFalse();
    }

    @Test
    void voidArgumentAsksOnlyForPresence() {
        assertThat(matches(args("format", null), REPORT)).isTrue();
        assertThat(matches(args("absent", null), REPORT)).isFalse();
        assertThat(matches(args("x-match", "any", "absent", null, "type", null), REPORT)).isTrue();
        Map<String, Object> voidHeader = new HashMap<>();
        voidHeader.put("flag", null);
        assertThat(matches(args("flag", null), voidHeader)).isTrue();
    }

    @Test
    void voidHeaderEqualsOnlyAVoidArgument() {
        Map<String, Object> voidHeader = new HashMap<>();
        voidHeader.put("flag", null);
        assertThat(matches(args("flag", "x"), voidHeader)).isFalse();
    }

    @Test
    void numbersCompareByValueWhateverTheirType() {
        assertThat(HeaderValues.same(12L, 12)).isTrue();
        assertThat(HeaderValues.same(12L, (byte) 12)).isTrue();
        assertThat(HeaderValues.same(12L, (short) 12)).isTrue();
        assertThat(HeaderValues.same(12L, 12.0d)).isTrue();
        assertThat(HeaderValues.same(1.5d, 1.5f)).isTrue();
        assertThat(HeaderValues.same(12L, new BigDecimal("12.00"))).isTrue();
        assertThat(HeaderValues.same(12L, 13L)).isFalse();
        assertThat(HeaderValues.same(0.1d, 0.1f)).isFalse();
    }

    @Test
    void numbersNeverEqualStringsOrBooleans() {
        assertThat(HeaderValues.same(1L, LongString.of("1"))).isFalse();
        assertThat(HeaderValues.same("1", 1)).isFalse();
        assertThat(HeaderValues.same(1L, true)).isFalse();
        assertThat(HeaderValues.same(true, 1)).isFalse();
    }

    @Test
    void timestampIsItsSeconds() {
        assertThat(HeaderValues.same(1_700_000_000L, Instant.ofEpochSecond(1_700_000_000L))).isTrue();
        assertThat(HeaderValues.same(1_700_000_001L, Instant.ofEpochSecond(1_700_000_000L))).isFalse();
    }

    @Test
    void stringsCompareByTheirBytes() {
        assertThat(HeaderValues.same("pdf", LongString.of("pdf"))).isTrue();
        assertThat(HeaderValues.same("pdf", "pdf".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(HeaderValues.same("ü", LongString.of("ü"))).isTrue();
        assertThat(HeaderValues.same("pdf", LongString.of("PDF"))).isFalse();
        assertThat(HeaderValues.same("", LongString.of(""))).isTrue();
    }

    @Test
    void booleansCompareWithBooleans() {
        assertThat(HeaderValues.same(true, true)).isTrue();
        assertThat(HeaderValues.same(true, false)).isFalse();
        assertThat(HeaderValues.same(false, LongString.of("false"))).isFalse();
    }

    @Test
    void tablesAndArraysCompareByValue() {
        assertThat(HeaderValues.same(Map.of("a", 1L), Map.of("a", 1))).isTrue();
        assertThat(HeaderValues.same(Map.of("a", 1L), Map.of("a", 1, "b", 2))).isFalse();
        assertThat(HeaderValues.same(List.of("x", 2L), List.of(LongString.of("x"), 2))).isTrue();
        assertThat(HeaderValues.same(List.of("x", 2L), List.of(2, LongString.of("x")))).isFalse();
        assertThat(HeaderValues.same(List.of("x"), Map.of("x", 1))).isFalse();
    }

    @Test
    void headersBindingsReportEachDestinationOnce() {
        HeadersBindings bindings = new HeadersBindings(List.of(
                Bindings.toQueue("h", "pdfs", args("format", "pdf")),
                Bindings.toQueue("h", "pdfs", args("x-match", "any", "type", "report")),
                Bindings.toQueue("h", "logs", args("type", "log"))));
        List<Destination> found = new ArrayList<>();

        bindings.match(new RoutedMessage("ignored", () -> REPORT), found);

        assertThat(found).containsExactly(Destination.queue("pdfs"));
    }

    @Test
    void routingKeyPlaysNoPart() {
        HeadersBindings bindings = new HeadersBindings(List.of(
                new BindingDefinition(Bindings.VHOST, "h", Destination.queue("q"), "some-key",
                        args("format", "pdf"))));
        List<Destination> found = new ArrayList<>();

        bindings.match(new RoutedMessage("other-key", () -> REPORT), found);

        assertThat(found).containsExactly(Destination.queue("q"));
    }
}
