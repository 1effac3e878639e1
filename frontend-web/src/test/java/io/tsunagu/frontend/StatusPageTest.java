package io.tsunagu.frontend;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tsunagu.frontend.fake.FakeServicesResource;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The static status page: plain semantic HTML, one script and one style sheet, nothing from other hosts. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class StatusPageTest {

    private static final String PAGE = "/status.html";
    private static final Pattern COUNT_CELL = Pattern.compile("data-count=\"(\\w+)\"");

    @Test
    void pageIsServedAsStatusHtml() {
        get(PAGE).then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<title>Tsunagu status</title>"))
                .body(containsString("<script src=\"status.js\" defer></script>"))
                .body(containsString("<link rel=\"stylesheet\" href=\"status.css\">"));
    }

    @Test
    void pageLinksToTheDashboard() {
        get(PAGE).then().body(containsString("<a href=\"./\">Live dashboard</a>"));
    }

    @Test
    void pageHasLandmarksAndHeadings() {
        get(PAGE).then()
                .body(containsString("<header>"))
                .body(containsString("<main>"))
                .body(containsString("<footer>"))
                .body(containsString("<h1>Tsunagu status</h1>"))
                .body(containsString("<h2 id=\"health-heading\">Service health</h2>"))
                .body(containsString("<h2 id=\"counts-heading\">Message counts</h2>"));
    }

    @Test
    void pageHasTheElementsTheScriptFills() {
        get(PAGE).then()
                .body(containsString("id=\"overall\""))
                .body(containsString("role=\"status\" aria-live=\"polite\""))
                .body(containsString("<ul id=\"services\""))
                .body(containsString("<table id=\"counts\">"))
                .body(containsString("<time id=\"checked-at\">"));
    }

    @Test
    void countsTableHasACaptionAndHeaderCells() {
        get(PAGE).then()
                .body(containsString("<caption>"))
                .body(containsString("<th scope=\"col\">Counter</th>"))
                .body(containsString("<th scope=\"row\">Storage, messages stored</th>"));
    }

    @Test
    void everyCountOnThePageIsInTheStatusAnswer() {
        String page = get(PAGE).asString();
        Map<String, Object> counts = JsonPath.from(get("/api/status").asString()).getMap("counts");

        List<String> cells = COUNT_CELL.matcher(page).results().map(match -> match.group(1)).toList();

        assertThat(cells).containsExactlyInAnyOrderElementsOf(counts.keySet());
    }

    @Test
    void pageLoadsNothingFromAnotherHost() {
        get(PAGE).then().body(not(containsString("://")));
        get("/status.js").then().body(not(containsString("://")));
        get("/status.css").then().body(not(containsString("://")));
    }

    @Test
    void scriptAsksTheStatusEndpoint() {
        get("/status.js").then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("fetch('api/status'"))
                .body(containsString("refreshMillis"));
    }

    @Test
    void scriptNeverWritesServiceTextAsHtml() {
        get("/status.js").then().body(not(containsString("innerHTML")));
    }

    @Test
    void styleSheetIsServed() {
        get("/status.css").then()
                .statusCode(200)
                .contentType(containsString("text/css"));
    }
}
