package io.tsunagu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against the whole platform: live values from devices, publishing from
 * the page, the history chart, the connection state, retained values and the platform view. The page connects to
 * node A's WebSocket listener; devices and subscribers use MQTT over TCP. A screenshot of each state is written
 * under {@code target/screenshots/}.
 */
class DashboardIT {

    private static final Logger LOG = Logger.getLogger(DashboardIT.class.getName());
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final long ONE_SECOND_MILLIS = 1000;
    private static final int HISTORY_POINTS = 30;

    private static Platform platform;
    private static Browser browser;
    private static DashboardPage page;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void openDashboard() throws Exception {
        platform = Platform.shared();
        browser = Browser.start();
        page = new DashboardPage(browser, platform.frontend().baseUrl()).open().connect("dashboard-e2e");
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void valuePublishedByADeviceOverTcpAppearsOnThePageWithinOneSecond() throws Exception {
        String topic = "dash/" + run + "/device/temp";
        page.filterTopics(topic);
        Mqtt5AsyncClient device = Mqtt.connect(platform.nodeB(), "device");
        try {
            // The page's subscription to # has reached routing once a message of this device shows on the page.
            await("warm-up shown").atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> {
                publish(device, topic, "warm-up", MqttQos.AT_MOST_ONCE);
                return page.topic(topic) != null;
            });
            String value = "23." + run.charAt(0) + "5";
            watchCell(topic, value);

            long sentAt = System.currentTimeMillis();
            publish(device, topic, value, MqttQos.AT_LEAST_ONCE);
            long ackedAt = System.currentTimeMillis();

            long shownAt = await("value shown").atMost(LONG).pollInterval(Duration.ofMillis(20))
                    .until(() -> (Number) browser.script("return window.e2eShownAt;"), shown -> shown != null)
                    .longValue();
            LOG.info(() -> String.format(Locale.ROOT, "dashboard latency: publish -> shown %d ms, PUBACK -> shown %d ms"
                    + " (PUBACK after %d ms)", shownAt - sentAt, shownAt - ackedAt, ackedAt - sentAt));
            assertThat(shownAt - sentAt).as("publish -> value on the page (ms)").isLessThanOrEqualTo(ONE_SECOND_MILLIS);
            assertThat(page.cellText(topic, "value")).isEqualTo(value);
            assertThat(page.topic(topic)).containsEntry("payload", value);
            browser.screenshot("DashboardIT", "device-value");
        } finally {
            Mqtt.disconnect(device);
        }
    }

    @Test
    void topicTreeShowsLevelsThatCollapseAndExpandByMouseAndKeyboard() throws Exception {
        String root = "tree-" + run;
        String level = root + "/a/b";
        List<String> expanded = List.of(root, root + "/a", level, level + "/c", level + "/d");
        List<String> collapsed = expanded.subList(0, 3);
        page.filterTopics(root);
        Mqtt5AsyncClient device = Mqtt.connect(platform.nodeB(), "device");
        try {
            await("both topics shown").atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> {
                publish(device, level + "/c", "1.5", MqttQos.AT_MOST_ONCE);
                publish(device, level + "/d", "{\"v\": 2}", MqttQos.AT_MOST_ONCE);
                return page.topic(level + "/c") != null && page.topic(level + "/d") != null;
            });
        } finally {
            Mqtt.disconnect(device);
        }
        await("levels as rows").atMost(LONG).until(page::renderedPaths, expanded::equals);
        assertThat(page.treeRow(level)).containsEntry("topic", false).containsEntry("expandable", true)
                .containsEntry("expanded", true).containsEntry("below", 2L).containsEntry("depth", 2L);
        assertThat(page.treeRow(root)).containsEntry("below", 2L).containsEntry("depth", 0L);
        assertThat(page.treeRow(level + "/c")).containsEntry("topic", true).containsEntry("expandable", false);
        assertThat(page.treeRowElement(level).getDomAttribute("data-topic")).isNull();
        assertThat(page.cellText(level + "/c", "value")).isEqualTo("1.5");
        browser.screenshot("DashboardIT", "topic-tree");

        page.treeRowElement(level).findElement(By.className("topic-toggle")).click();
        await("collapsed by mouse").atMost(LONG).until(page::renderedPaths, collapsed::equals);
        assertThat(page.treeRow(level + "/c")).isNull();
        assertThat(page.treeRow(level)).containsEntry("expanded", false);
        assertThat(page.treeRowElement(level).getDomAttribute("aria-expanded")).isEqualTo("false");
        assertThat(page.hookNumber("visibleRows")).isEqualTo(3);
        browser.screenshot("DashboardIT", "topic-tree-collapsed");

        // the clicked level is the active row: ArrowRight expands it, ArrowLeft collapses it, and again
        page.byId("topic-list").sendKeys(Keys.ARROW_RIGHT);
        await("expanded by key").atMost(LONG).until(page::renderedPaths, expanded::equals);
        page.byId("topic-list").sendKeys(Keys.ARROW_LEFT);
        await("collapsed by key").atMost(LONG).until(page::renderedPaths, collapsed::equals);
        page.byId("topic-list").sendKeys(Keys.ARROW_RIGHT);
        await("expanded again").atMost(LONG).until(page::renderedPaths, expanded::equals);
        assertThat(page.hookNumber("visibleTopics")).isEqualTo(2);

        // ArrowRight on an expanded level moves to its first child; Enter charts that topic
        page.byId("topic-list").sendKeys(Keys.ARROW_RIGHT, Keys.ENTER);
        await("chart of the first child").atMost(LONG).until(() -> page.chart().get("topic"), (level + "/c")::equals);
    }

    @Test
    void messagePublishedFromThePageReachesATcpSubscriberOnTheOtherNode() throws Exception {
        String prefix = "dash/" + run + "/from-page";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, prefix + "/#");
        Mqtt5AsyncClient prober = Mqtt.connect(platform.nodeA(), "probe");
        try {
            Mqtt.awaitRouted(prober, prefix + "/probe", received);
            DashboardPage.type(page.byId("publish-topic"), prefix + "/setpoint");
            DashboardPage.type(page.byId("publish-payload"), "{\"setpoint\": 21}");
            new Select(page.byId("publish-qos")).selectByValue("1");

            page.byId("publish-button").click();

            await("publish acknowledged").atMost(LONG)
                    .until(() -> page.byId("publish-result").getDomAttribute("data-outcome"), "delivered"::equals);
            await("message received").atMost(LONG).until(() -> received.contains(
                    new Mqtt.Received(prefix + "/setpoint", "{\"setpoint\": 21}", false)));
            page.scrollIntoView("publish");
            browser.screenshot("DashboardIT", "published-from-page");
        } finally {
            Mqtt.disconnect(subscriber, prober);
        }
    }

    @Test
    void historyChartShowsStoredPlainAndJsonFieldNumbersAndThenLivePoints() throws Exception {
        String plain = "dash/" + run + "/history/plain";
        String json = "dash/" + run + "/history/json";
        Mqtt5AsyncClient device = Mqtt.connect(platform.nodeA(), "device");
        try {
            for (int i = 0; i < HISTORY_POINTS; i++) {
                publish(device, plain, Double.toString(20 + i * 0.5), MqttQos.AT_LEAST_ONCE);
                publish(device, json, "{\"sensor\": {\"temp\": " + (10 + i) + "}, \"unit\": \"C\"}",
                        MqttQos.AT_LEAST_ONCE);
            }
            await("plain numbers stored").atMost(LONG).until(() -> storedValues(plain, null) == HISTORY_POINTS);
            await("JSON numbers stored").atMost(LONG).until(() -> storedValues(json, "sensor.temp") == HISTORY_POINTS);

            openChart(plain);
            assertHistoryShown(plain, "");
            browser.screenshot("DashboardIT", "history-plain");
            publish(device, plain, "42.5", MqttQos.AT_LEAST_ONCE);
            await("live point").atMost(LONG).until(() -> ((Long) page.chart().get("livePoints")) > 0
                    && !"0".equals(page.byId("chart-status").getDomAttribute("data-live-points")));
            browser.screenshot("DashboardIT", "history-plain-with-live-point");
        } finally {
            Mqtt.disconnect(device);
        }
        openChart(json);
        DashboardPage.type(page.byId("chart-field"), "sensor.temp");
        page.byId("chart-field-form").findElement(By.cssSelector("button[type=submit]")).click();
        assertHistoryShown(json, "sensor.temp");
        browser.screenshot("DashboardIT", "history-json-field");
    }

    @Test
    void connectionStateAndARetainedValueAreShown() throws Exception {
        String topic = "dash/" + run + "/retained/door";
        Mqtt5AsyncClient device = Mqtt.connect(platform.nodeB(), "device");
        try {
            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("open".getBytes(StandardCharsets.UTF_8)).send().get(30, TimeUnit.SECONDS);
        } finally {
            Mqtt.disconnect(device);
        }
        await("retained value stored").atMost(LONG).until(() -> given().baseUri(platform.frontend().baseUrl())
                .queryParam("topic", topic).get("/api/retained").jsonPath().getList("items.topic").contains(topic));

        DashboardPage.type(page.byId("retained-filter"), topic);
        page.byId("retained-refresh").click();

        By row = By.cssSelector("#retained-body tr[data-topic=\"" + topic + "\"] td[data-cell=value]");
        await("retained row").atMost(LONG).until(() -> browser.driver().findElements(row),
                cells -> !cells.isEmpty() && "open".equals(cells.getFirst().getText()));
        assertThat(page.connectionState()).isEqualTo("connected");
        assertThat(page.byId("connection-state").getText()).isEqualTo("Connected");
        page.scrollIntoView("retained");
        browser.screenshot("DashboardIT", "retained");
        page.scrollIntoView("connection");
        browser.screenshot("DashboardIT", "connected");
    }

    @Test
    void platformViewShowsConnectedClients() {
        // routing publishes $SYS/broker/clients/connected retained every 10 s; the page holds at least its own client
        await("connected clients shown").atMost(LONG).until(() -> clientsShown() > 0);
        page.scrollIntoView("platform");
        browser.screenshot("DashboardIT", "platform");
    }

    private static long clientsShown() {
        String text = page.byId("platform-clients").getText().replaceAll("[^0-9]", "");
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private static void openChart(String topic) {
        page.filterTopics(topic);
        page.topicRow(topic).click();
        await("chart of " + topic).atMost(LONG).until(() -> topic.equals(page.chart().get("topic")));
    }

    private static void assertHistoryShown(String topic, String field) {
        // the hook changes at once, the DOM at the next animation frame: both must show the history
        await("history of " + topic).atMost(LONG).untilAsserted(() -> {
            Map<String, Object> chart = page.chart();
            assertThat(chart).containsEntry("historyState", "ready").containsEntry("field", field)
                    .containsEntry("historySkipped", 0L);
            assertThat((Long) chart.get("historyBuckets")).isPositive();
            var status = page.byId("chart-status");
            assertThat(status.getDomAttribute("data-state")).isEqualTo("ready");
            assertThat(Long.parseLong(status.getDomAttribute("data-history-points"))).isPositive();
        });
        assertThat(browser.driver().findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
    }

    private static long storedValues(String topic, String field) {
        return SeriesApi.storedNumbers(platform.frontend().baseUrl(), topic, field);
    }

    /** Records in {@code window.e2eShownAt} the wall-clock time at which the row of topic first shows value. */
    private static void watchCell(String topic, String value) {
        browser.script("""
                const [topic, value] = arguments;
                window.e2eShownAt = null;
                const list = document.getElementById('topic-list');
                const observer = new MutationObserver(() => {
                  const row = [...list.querySelectorAll('.topic-row[data-topic]')].find(r => r.dataset.topic === topic);
                  if (row && row.querySelector('[data-cell="value"]').textContent === value) {
                    window.e2eShownAt = Date.now();
                    observer.disconnect();
                  }
                });
                observer.observe(list, {subtree: true, childList: true, characterData: true});
                """, topic, value);
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String payload, MqttQos qos) throws Exception {
        client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send().get(30, TimeUnit.SECONDS);
    }
}
