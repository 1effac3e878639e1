package io.tsunagu.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard as a test sees it: its stable element ids and the read-only hook {@code window.tsunagu} (see the
 * header of frontend-web's {@code js/main.js}). One open page in one {@link Browser}.
 */
final class DashboardPage {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Browser browser;
    private final String baseUrl;

    DashboardPage(Browser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** Opens the dashboard and waits until its scripts have started (the configuration came and the hook is set). */
    DashboardPage open() {
        browser.driver().get(baseUrl + "/");
        await("dashboard started").atMost(LOAD_TIMEOUT)
                .until(() -> Boolean.TRUE.equals(browser.script("return !!(window.tsunagu && window.tsunagu.ready);")));
        return this;
    }

    /** Connects with the form, as a person would, and waits until the page says it is connected. */
    DashboardPage connect(String userName) {
        type(byId("mqtt-username"), userName);
        type(byId("mqtt-password"), "e2e-password");
        byId("connect-button").click();
        await("dashboard connected").atMost(LOAD_TIMEOUT).until(() -> "connected".equals(connectionState()));
        return this;
    }

    /** The state the page shows: the {@code data-state} of {@code #connection-state}. */
    String connectionState() {
        return byId("connection-state").getDomAttribute("data-state");
    }

    /** What the hook knows of one topic (count, lastSeen, rate, retained, payload), or null when unseen. */
    @SuppressWarnings("unchecked")
    Map<String, Object> topic(String name) {
        return (Map<String, Object>) browser.script("return window.tsunagu.topic(arguments[0]);", name);
    }

    long hookNumber(String property) {
        return ((Number) browser.script("return window.tsunagu[arguments[0]];", property)).longValue();
    }

    /** The hook's view of the chart: topic, field, window, historyState, historyBuckets, livePoints, ... */
    @SuppressWarnings("unchecked")
    Map<String, Object> chart() {
        return (Map<String, Object>) browser.script("return window.tsunagu.chart;");
    }

    /** Replaces the topic filter's text, key by key. */
    void filterTopics(String text) {
        type(byId("topic-filter"), text);
    }

    /** The rendered row of {@code topic} in the topic list, once it is on screen. */
    WebElement topicRow(String topic) {
        return await("row of " + topic).atMost(LOAD_TIMEOUT)
                .until(() -> browser.driver().findElements(rowSelector(topic)), rows -> !rows.isEmpty())
                .getFirst();
    }

    /** The hook's tree row of {@code path}: index, depth, topic, expandable, expanded, below; null when not shown. */
    @SuppressWarnings("unchecked")
    Map<String, Object> treeRow(String path) {
        return (Map<String, Object>) browser.script("return window.tsunagu.row(arguments[0]);", path);
    }

    /** The paths of the tree rows in the DOM, top to bottom. */
    @SuppressWarnings("unchecked")
    List<String> renderedPaths() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#topic-list .topic-row[data-path]')]"
                + ".sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex'))"
                + ".map(r => r.dataset.path);");
    }

    /** The rendered tree row of {@code path} (a topic or a level no message was published to), once on screen. */
    WebElement treeRowElement(String path) {
        By selector = By.cssSelector("#topic-list .topic-row[data-path=\"" + path.replace("\"", "\\\"") + "\"]");
        return await("tree row of " + path).atMost(LOAD_TIMEOUT)
                .until(() -> browser.driver().findElements(selector), rows -> !rows.isEmpty())
                .getFirst();
    }

    /** The text of one cell (topic, value, rate, seen) of the rendered row of {@code topic}, or null when off screen. */
    String cellText(String topic, String cell) {
        return (String) browser.script("const row = [...document.querySelectorAll('#topic-list .topic-row[data-topic]')]"
                + ".find(r => r.dataset.topic === arguments[0]);"
                + " return row ? row.querySelector('[data-cell=\"' + arguments[1] + '\"]').textContent : null;",
                topic, cell);
    }

    WebElement byId(String id) {
        return browser.driver().findElement(By.id(id));
    }

    /** Scrolls the element into the middle of the viewport, so a screenshot shows it. */
    void scrollIntoView(String id) {
        browser.script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'});", id);
    }

    static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    private static By rowSelector(String topic) {
        return By.cssSelector("#topic-list .topic-row[data-topic=\"" + topic.replace("\"", "\\\"") + "\"]");
    }
}
