package io.tsunagu.frontend;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.frontend.fake.FakeServicesResource;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The static dashboard: served at the root, its ES modules and the two webjar libraries served with the right
 * content types, nothing loaded from another host, and the element ids its script documents for browser tests
 * present in the page. (Its behaviour in a browser is tested with Selenium in e2e-tests.)
 */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class DashboardPageTest {

    private static final String PAHO = "/webjars/paho-mqtt/1.1.0/paho-mqtt.js";
    private static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    private static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";
    private static final List<String> MODULES = List.of("main.js", "mqtt-client.js", "backoff.js",
            "connection-view.js", "topic-store.js", "topic-tree.js", "topic-list.js", "topic-filter.js",
            "topic-chart.js", "series.js", "payload.js", "format.js", "retained-view.js", "publish-form.js",
            "platform-view.js");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");
    private static final Pattern DOCUMENTED_ID = Pattern.compile("#([a-z][\\w-]*)");

    @Test
    void dashboardIsServedAtTheRoot() {
        get("/").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<title>Tsunagu dashboard</title>"))
                .body(containsString("<script type=\"module\" src=\"js/main.js\"></script>"));
    }

    @Test
    void dashboardLoadsBothLibrariesFromTheWebjars() {
        get("/").then()
                .body(containsString("<script src=\"" + PAHO.substring(1) + "\"></script>"))
                .body(containsString("<script src=\"" + UPLOT_JS.substring(1) + "\"></script>"))
                .body(containsString("<link rel=\"stylesheet\" href=\"" + UPLOT_CSS.substring(1) + "\">"));
    }

    @Test
    void browsersKeepTheFilesForAMinuteOnly() {
        get("/js/main.js").then().header("Cache-Control", containsString("max-age=60"));
    }

    @Test
    void dashboardLinksToTheStatusPage() {
        get("/").then().body(containsString("<a href=\"status.html\">Service status</a>"));
    }

    @Test
    void dashboardLoadsNothingFromAnotherHost() {
        get("/").then().body(not(containsString("://")));
        get("/dashboard.css").then().body(not(containsString("://")));
    }

    @Test
    void styleSheetIsServed() {
        get("/dashboard.css").then()
                .statusCode(200)
                .contentType(containsString("text/css"));
    }

    @ParameterizedTest
    @ValueSource(strings = {PAHO, UPLOT_JS})
    void webjarScriptsAreServedAsJavaScript(String path) {
        get(path).then()
                .statusCode(200)
                .contentType(containsString("javascript"));
    }

    @Test
    void uplotStyleSheetIsServedAsCss() {
        get(UPLOT_CSS).then()
                .statusCode(200)
                .contentType(containsString("text/css"));
    }

    @Test
    void everyModuleIsServedAsJavaScript() {
        for (String module : MODULES) {
            get("/js/" + module).then()
                    .statusCode(200)
                    .contentType(containsString("javascript"));
        }
    }

    @Test
    void everyImportedModuleIsOneOfTheServedModules() {
        for (String module : MODULES) {
            List<String> imports = IMPORT.matcher(get("/js/" + module).asString()).results()
                    .map(match -> match.group(1))
                    .toList();

            assertThat(MODULES).as("imports of %s", module).containsAll(imports);
        }
    }

    @Test
    void modulesNeverWriteUntrustedTextAsHtmlNorLoadFromAnotherHost() {
        for (String module : MODULES) {
            get("/js/" + module).then()
                    .body(not(containsString("innerHTML")))
                    .body(not(containsString("insertAdjacentHTML")))
                    .body(not(containsString("://")));
        }
    }

    @Test
    void onlyTheMqttClientModuleUsesPaho() {
        for (String module : MODULES) {
            if (!module.equals("mqtt-client.js")) {
                get("/js/" + module).then().body(not(containsString("Paho")));
            }
        }
    }

    @Test
    void everyElementIdDocumentedForTestsIsInThePage() {
        String page = get("/").asString();
        String main = get("/js/main.js").asString();
        String hooks = main.substring(0, main.indexOf("import "));

        List<String> ids = DOCUMENTED_ID.matcher(hooks).results().map(match -> match.group(1)).toList();

        assertThat(ids).hasSizeGreaterThan(20);
        assertThat(ids).allSatisfy(id -> assertThat(page).contains("id=\"" + id + "\""));
    }

    @Test
    void nothingAboutTheMqttEndpointIsWrittenIntoTheScripts() {
        for (String module : MODULES) {
            get("/js/" + module).then()
                    .body(not(containsString("8000")))
                    .body(not(containsString("'/mqtt'")));
        }
    }
}
