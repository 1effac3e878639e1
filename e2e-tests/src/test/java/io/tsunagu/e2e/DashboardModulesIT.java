package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pure ES modules (no DOM) run in the real browser: each case imports the module from
 * frontend-web, as the page does, calls it in the page and returns the result to Java, where it is asserted. No
 * Node.js: the browser the dashboard runs in is the one the modules are tested in.
 */
class DashboardModulesIT {

    private static final Map<String, Long> BOUNDS = Map.of("minMillis", 1000L, "maxMillis", 30_000L);

    private static Browser browser;

    @BeforeAll
    static void openOrigin() throws Exception {
        Platform platform = Platform.shared();
        browser = Browser.start();
        // any page of frontend-web's origin: module paths resolve against it
        browser.driver().get(platform.frontend().baseUrl() + "/status.html");
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void topicFilterMatchesAsMqttSpecifies() {
        String cases = """
                return [['sport/tennis/+', 'sport/tennis/player1'], ['sport/tennis/+', 'sport/tennis/player1/ranking'],
                  ['sport/#', 'sport'], ['sport/#', 'sport/tennis/player1'], ['+/+', '/finance'], ['+', '/finance'],
                  ['sport/+/player1', 'sport//player1'], ['#', '$SYS/broker/load'], ['+/broker/load', '$SYS/broker/load'],
                  ['$SYS/#', '$SYS/broker/load'], ['sport/tennis', 'sport/tennis/player1'], ['sport/tennis/#', 'sport/tennisx']
                ].map(([filter, topic]) => m.topicMatches(filter, topic));""";

        assertThat(run("topic-filter.js", cases))
                .isEqualTo(List.of(true, false, true, true, true, false, true, false, false, true, false, false));
    }

    @Test
    void filterBoxTakesASubstringOrAnMqttFilter() {
        String cases = """
                const topics = ['plant/1/temp', 'plant/2/Temp', 'plant/2/pressure', '$SYS/broker/temp'];
                return ['', 'TEMP', 'plant/+/temp', 'plant/#', '#', 'nothing']
                  .map((query) => topics.filter(m.compileQuery(query)));""";

        assertThat(run("topic-filter.js", cases)).isEqualTo(List.of(
                List.of("plant/1/temp", "plant/2/Temp", "plant/2/pressure", "$SYS/broker/temp"),
                List.of("plant/1/temp", "plant/2/Temp", "$SYS/broker/temp"),
                List.of("plant/1/temp"),
                List.of("plant/1/temp", "plant/2/Temp", "plant/2/pressure"),
                List.of("plant/1/temp", "plant/2/Temp", "plant/2/pressure"),
                List.of()));
    }

    @Test
    void plainPayloadsAreNumbersOnlyWhenTheWholeTextIsADecimal() {
        String cases = """
                return [' 21.5 ', '-1e3', '.5', '+7', '21.5 C', '', '0x10', 'NaN', 'Infinity', '1,5', '{"v": 1}']
                  .map((text) => m.numericValue(text, ''));""";

        assertThat(run("payload.js", cases)).isEqualTo(
                Arrays.asList(21.5, -1000L, 0.5, 7L, null, null, null, null, null, null, null));
    }

    @Test
    void jsonFieldIsReadByItsDotPath() {
        String cases = """
                const text = '{"sensor": {"temp": 21.5, "label": "21.5", "ok": true}, "count": 3}';
                return ['sensor.temp', 'count', ' sensor.temp ', 'sensor.label', 'sensor.ok', 'sensor', 'sensor.missing',
                  'count.value'].map((field) => m.numericValue(text, field))
                  .concat([m.numericValue('not json', 'a'), m.numericValue('[1, 2]', '0'), m.numericValue('null', 'a')]);""";

        assertThat(run("payload.js", cases)).isEqualTo(
                Arrays.asList(21.5, 3L, 21.5, null, null, null, null, null, null, 1L, null));
    }

    @Test
    void payloadPreviewIsOneLineAndCut() {
        String cases = """
                const bytes = (text) => new TextEncoder().encode(text);
                return [m.payloadPreview(bytes('a\\nb\\tc'), 10), m.payloadPreview(bytes('0123456789abc'), 10),
                  m.payloadPreview(bytes('0123456789'), 10), m.payloadPreview(new Uint8Array([0xff, 0x41]), 10),
                  m.payloadPreview(bytes('é'.repeat(5000)), 3)];""";

        assertThat(run("payload.js", cases)).isEqualTo(
                List.of("a\u00b7b\u00b7c", "012345678\u2026", "0123456789", "\ufffdA", "\u00e9\u00e9\u2026"));
    }

    @Test
    void reconnectDelayDoublesUpToTheMaximumWithBoundedJitter() {
        String cases = """
                const [bounds] = args;
                const fixed = [[0, 0], [1, 0], [3, 0], [4, 0], [5, 0], [10, 0], [1000, 0], [0, 1], [3, 1], [10, 1]]
                  .map(([failures, random]) => m.reconnectDelay(failures, bounds, () => random));
                const sampled = Array.from({length: 2000}, (_, i) => m.reconnectDelay(i % 40, bounds));
                return {fixed, min: Math.min(...sampled), max: Math.max(...sampled)};""";

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run("backoff.js", cases, BOUNDS);

        assertThat(result.get("fixed")).isEqualTo(
                List.of(1000L, 2000L, 8000L, 16_000L, 30_000L, 30_000L, 30_000L, 1000L, 6400L, 24_000L));
        assertThat((Long) result.get("min")).isGreaterThanOrEqualTo(1000L);
        assertThat((Long) result.get("max")).isLessThanOrEqualTo(30_000L);
    }

    @Test
    void seriesAnswerBecomesBucketsInTheMiddleOfTheirTime() {
        String cases = """
                const answer = {bucketWidth: 2000, skipped: 1, buckets: [
                  {start: '2026-01-01T00:00:02Z', min: 3, max: 5, avg: 4, count: 2},
                  {start: '2026-01-01T00:00:00Z', min: 1, max: 1, avg: 1, count: 1}]};
                return {buckets: m.toBuckets(answer), empty: m.toBuckets({}),
                  times: [m.toSeconds('2026-01-01T00:00:00Z'), m.toSeconds(1767225600000), m.toSeconds(1767225600),
                    m.toSeconds('not a time')],
                  durations: [m.durationSeconds('PT36S'), m.durationSeconds('PT1H30M'), m.durationSeconds('P1D'),
                    m.durationSeconds(1500), m.durationSeconds('soon')]};""";

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run("series.js", cases);

        assertThat(result.get("buckets")).isEqualTo(List.of(
                Map.of("x", 1_767_225_601L, "min", 1L, "max", 1L, "avg", 1L, "count", 1L),
                Map.of("x", 1_767_225_603L, "min", 3L, "max", 5L, "avg", 4L, "count", 2L)));
        assertThat(result.get("empty")).isEqualTo(List.of());
        assertThat(result.get("times")).isEqualTo(Arrays.asList(1_767_225_600L, 1_767_225_600L, 1_767_225_600L, null));
        assertThat(result.get("durations")).isEqualTo(List.of(36L, 5400L, 86_400L, 1.5, 0L));
    }

    @Test
    void chartDataMergesHistoryAndLivePointsInTimeOrder() {
        String cases = """
                const buckets = [{x: 10, min: 1, max: 3, avg: 2}, {x: 30, min: 4, max: 6, avg: 5}];
                return m.chartData(buckets, [[20, 7], [40, 8]]);""";

        assertThat(run("series.js", cases)).isEqualTo(List.of(
                List.of(10L, 20L, 30L, 40L),
                Arrays.asList(1L, null, 4L, null),
                Arrays.asList(3L, null, 6L, null),
                Arrays.asList(2L, null, 5L, null),
                Arrays.asList(null, 7L, null, 8L)));
    }

    @Test
    void topicStoreCountsMessagesKeepsTheLastPayloadAndGrowsTheTree() {
        String cases = """
                const store = new m.TopicStore(10);
                const bytes = (text) => new TextEncoder().encode(text);
                store.record('b', bytes('1'), false, 1000);
                store.record('a/b', bytes('2'), true, 1000);
                store.record('a', bytes('3'), false, 1000);
                const version = store.tree.version;
                store.record('a', bytes('4'), false, 1500);
                const entry = store.get('a');
                return {paths: store.tree.flatten(new Set(), null).rows.map((node) => node.path), size: store.size,
                  messages: store.messageCount, count: entry.count, last: new TextDecoder().decode(entry.payload),
                  retained: store.get('a/b').retained, lastSeen: entry.lastSeen,
                  attached: store.tree.get('a/b').data === store.get('a/b'), sameTree: store.tree.version === version};""";

        assertThat(run("topic-store.js", cases)).isEqualTo(Map.of("paths", List.of("a", "a/b", "b"), "size", 3L,
                "messages", 4L, "count", 2L, "last", "4", "retained", true, "lastSeen", 1500L, "attached", true,
                "sameTree", true));
    }

    @Test
    void topicTreeHasARowPerLevelWithTopicCountsBelow() {
        String cases = """
                const tree = new m.TopicTree();
                ['plant/line1/temp', 'plant/line1/pressure', 'plant/line2/temp', 'plant', 'other', '/finance']
                  .forEach((topic) => tree.add(topic, topic));
                const flat = tree.flatten(new Set(), null);
                return {paths: flat.rows.map((node) => node.path), depths: flat.rows.map((node) => node.depth),
                  topics: flat.rows.filter((node) => node.isTopic).map((node) => node.name), shownTopics: flat.topics,
                  below: ['plant', 'plant/line1', 'plant/line2', 'plant/line1/temp', ''].map((p) => tree.get(p).below),
                  data: tree.get('plant/line2/temp').data, nothingCollapsed: tree.collapsed.size};""";

        assertThat(run("topic-tree.js", cases)).isEqualTo(Map.of(
                "paths", List.of("", "/finance", "other", "plant", "plant/line1", "plant/line1/pressure",
                        "plant/line1/temp", "plant/line2", "plant/line2/temp"),
                "depths", List.of(0L, 1L, 0L, 0L, 1L, 2L, 2L, 1L, 2L),
                "topics", List.of("finance", "other", "plant", "pressure", "temp", "temp"),
                "shownTopics", 6L,
                "below", List.of(3L, 2L, 1L, 0L, 1L),
                "data", "plant/line2/temp",
                "nothingCollapsed", 0L));
    }

    @Test
    void collapsedLevelsHideTheirRowsAndAFilterShowsMatchesWithTheirAncestors() {
        String cases = """
                const tree = new m.TopicTree();
                ['plant/line1/temp', 'plant/line1/pressure', 'plant/line2/temp', 'plant', 'other']
                  .forEach((topic) => tree.add(topic, topic));
                const paths = (flat) => [flat.rows.map((node) => node.path), flat.topics];
                const temp = (topic) => topic.endsWith('temp');
                return [paths(tree.flatten(new Set(['plant/line1']), null)), paths(tree.flatten(new Set(['plant']), null)),
                  paths(tree.flatten(new Set(), temp)), paths(tree.flatten(new Set(['plant/line2']), temp)),
                  paths(tree.flatten(new Set(), (topic) => topic === 'plant')),
                  paths(tree.flatten(new Set(), () => false))];""";

        assertThat(run("topic-tree.js", cases)).isEqualTo(List.of(
                List.of(List.of("other", "plant", "plant/line1", "plant/line2", "plant/line2/temp"), 5L),
                List.of(List.of("other", "plant"), 5L),
                List.of(List.of("plant", "plant/line1", "plant/line1/temp", "plant/line2", "plant/line2/temp"), 2L),
                List.of(List.of("plant", "plant/line1", "plant/line1/temp", "plant/line2"), 2L),
                List.of(List.of("plant"), 1L),
                List.of(List.of(), 0L)));
    }

    @Test
    void sysBranchStartsCollapsedAndOnlyExplicitFiltersShowIt() {
        String cases = """
                const filter = await import('/js/topic-filter.js');
                const tree = new m.TopicTree();
                ['$SYS/broker/clients/connected', '$SYS/broker/load', 'a/b'].forEach((topic) => tree.add(topic, topic));
                const paths = (query) => tree.flatten(query === null ? tree.collapsed : new Set(),
                  query === null ? null : filter.compileQuery(query)).rows.map((node) => node.path);
                return [paths(null), paths('#'), paths('+/b'), paths('$SYS/broker/+'), paths('load'),
                  tree.get('$SYS').below, tree.get('$SYS/broker').below];""";

        assertThat(run("topic-tree.js", cases)).isEqualTo(List.of(
                List.of("$SYS", "a", "a/b"),
                List.of("a", "a/b"),
                List.of("a", "a/b"),
                List.of("$SYS", "$SYS/broker", "$SYS/broker/load"),
                List.of("$SYS", "$SYS/broker", "$SYS/broker/load"),
                2L, 2L));
    }

    @Test
    void newLevelsStartExpandedWhileTheTreeIsSmallAndCollapsedOnceItIsBig() {
        String cases = """
                const tree = new m.TopicTree();
                tree.add('small/x', 1);
                for (let i = 0; i < 300; i++) {
                  tree.add('big/' + i + '/v', i);
                }
                return {limit: m.AUTO_EXPAND_NODES, big: tree.collapsed.has('big'), early: tree.collapsed.has('big/98'),
                  late: tree.collapsed.has('big/99'), rows: tree.flatten(tree.collapsed, null).rows.length,
                  topics: tree.topicCount, below: tree.get('big').below};""";

        // nodes 'small', 'small/x', 'big', then two per i: 'big/i' is created as node 3 + 2i, collapsed from 200 on
        assertThat(run("topic-tree.js", cases)).isEqualTo(Map.of("limit", 200L, "big", false, "early", false,
                "late", true, "rows", 3L + 300 + 99, "topics", 301L, "below", 300L));
    }

    @Test
    void topicRateIsMessagesPerSecondOverTheSlidingWindow() {
        String cases = """
                const entry = new m.TopicEntry('t', 10, 0);
                for (let second = 0; second < 20; second++) {
                  entry.record(new Uint8Array(0), false, second * 1000);
                  entry.record(new Uint8Array(0), false, second * 1000 + 500);
                }
                const young = new m.TopicEntry('y', 10, 0);
                young.record(new Uint8Array(0), false, 0);
                return [entry.rate(19_999), entry.rate(24_999), entry.rate(60_000), young.rate(0), young.rate(3999)];""";

        assertThat(run("topic-store.js", cases)).isEqualTo(List.of(2L, 1L, 0L, 1L, 0.25));
    }

    @Test
    void formatSaysHowLongAgoAndDashesForUnknown() {
        String cases = """
                const s = 1000;
                return [m.formatAgo(0, 999), m.formatAgo(0, 5 * s), m.formatAgo(0, 3 * 60 * s), m.formatAgo(0, 2 * 3600 * s),
                  m.formatAgo(0, 4 * 86400 * s), m.formatAgo(10 * s, 0), m.formatRate(null), m.formatCount(undefined)];""";

        assertThat(run("format.js", cases)).isEqualTo(
                List.of("now", "5 s ago", "3 min ago", "2 h ago", "4 d ago", "now", "\u2013", "\u2013"));
    }

    @Test
    void platformRatesComeFromTwoCounterReadings() {
        String cases = """
                const at = (value, atMillis) => ({value, atMillis});
                return [m.counterRate(at(100, 0), at(300, 10000)), m.counterRate(null, at(1, 1)),
                  m.counterRate(at(300, 0), at(100, 10000)), m.counterRate(at(1, 5), at(2, 5))];""";

        assertThat(run("platform-view.js", cases)).isEqualTo(Arrays.asList(20L, null, null, null));
    }

    @Test
    void pahoErrorsAreSaidPlainly() {
        String cases = """
                return [m.describeError('AMQJS0007E Socket error:undefined.'), m.describeError('AMQJS0008I Socket closed.'),
                  m.describeError(undefined)];""";

        assertThat(run("mqtt-client.js", cases)).isEqualTo(List.of(
                "WebSocket connection failed (is the broker reachable?)", "Socket closed.", "connection failed"));
    }

    /**
     * Imports {@code /js/<module>} in the page and runs {@code body} as an async function of {@code m} (the module)
     * and {@code args} (so it may await another module); returns what it returns, or fails the test with the page's
     * error.
     */
    private static Object run(String module, String body, Object... args) {
        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) browser.asyncScript("""
                const [module, body, args, done] = arguments;
                const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
                import(module)
                  .then((m) => new AsyncFunction('m', 'args', body)(m, args))
                  .then((value) => done({value}), (error) => done({error: String(error && error.stack || error)}));
                """, "/js/" + module, body, List.of(args));
        if (outcome.containsKey("error")) {
            fail("%s failed in the browser: %s", module, outcome.get("error"));
        }
        return outcome.get("value");
    }
}
