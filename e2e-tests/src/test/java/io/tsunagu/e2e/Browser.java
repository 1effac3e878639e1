package io.tsunagu.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium from Debian's packages driven through its chromedriver (both installed by
 * {@code infra/local/chromium.sh}), with a fresh profile that is deleted on close. Nothing is ever downloaded: the
 * browser and driver paths are given explicitly, so Selenium Manager never runs.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium with a new, empty profile. */
    static Browser start() throws IOException {
        requireInstalled(CHROMIUM);
        requireInstalled(CHROMEDRIVER);
        // Selenium reads this before anything else; with it (and the service's executable) it never looks further.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("tsunagu-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options(profile));
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        return new Browser(profile, service, driver);
    }

    private static File logFile() throws IOException {
        Path log = Path.of("target", "e2e-logs", "chromedriver.log");
        Files.createDirectories(log.getParent());
        return log.toFile();
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + profile,
                // A headless window counts as hidden; a person watching the dashboard has it in the foreground,
                // where timers and animation frames are not throttled. Measure that.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows"));
        return options;
    }

    private static void requireInstalled(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run infra/local/chromium.sh (./tsunagu test runs"
                    + " it) or 'apt-get install -y chromium chromium-driver'");
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code script} in the page and returns its result (JavaScript objects become maps and lists). */
    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Runs {@code script}, which must call {@code arguments[arguments.length - 1]} with its result, and waits for
     * that call (at most 30 s).
     */
    Object asyncScript(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    /** Writes a PNG of the viewport to {@code target/screenshots/<test>-<state>.png} and returns its path. */
    Path screenshot(String test, String state) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(test + "-" + state + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the browser and its driver and deletes the profile. */
    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
