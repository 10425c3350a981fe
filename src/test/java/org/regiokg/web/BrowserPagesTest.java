package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.regiokg.testing.TestServer;

/**
 * The pages in a real browser: headless Chromium from Debian ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; {@code scripts/install-browser.sh} installs them, and so does
 * {@code .ci/run}). Without them these tests fail rather than skip. Each page is also saved as a
 * screenshot to {@code target/screenshots/}.
 */
@Tag("browser")
class BrowserPagesTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = TestServer.PROJECT.resolve("target/screenshots");

    static WebServer web;
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM).as("Chromium is missing: run scripts/install-browser.sh").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver is missing: run scripts/install-browser.sh").isExecutable();
        web = WebServer.start();
        profile = Files.createTempDirectory("regiokg-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=de-DE");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) driver.quit();
        if (web != null) web.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void clearLog() {
        if (driver != null) driver.manage().logs().get(LogType.BROWSER);
    }

    // ------------------------------------------------------------------ helpers

    static void open(String path) {
        driver.get(web.server.url(path));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Opens the agency page and waits until all its questions have answered. */
    static void openAgency(String query) {
        open("/agency" + query);
        waiting().until(d -> Boolean.TRUE.equals(js("return !!(window.regiokg && window.regiokg.ready)")));
    }

    static List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    static void screenshot(String name, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, height));
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
        assertThat(SCREENSHOTS.resolve(name + ".png")).isNotEmptyFile();
    }

    static List<String> gapCompanies() {
        return driver.findElements(By.cssSelector("#gap-table tbody tr td:first-child")).stream().map(WebElement::getText).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void agencyPageShowsTheGapForSuedwestfalen() {
        openAgency("");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Weltmarktführer ohne Digitalpartner");
        List<String> companies = gapCompanies();
        // all 24 world market leaders of the default import are unpartnered in the current data
        assertThat(companies).hasSize(24).contains("Viega", "ERCO", "Open-Xchange", "BJB", "Hella", "Utsch AG");
        assertThat(driver.findElement(By.id("gap-count")).getText()).isEqualTo("24");
        assertThat(driver.findElement(By.id("region")).getAttribute("value")).isEqualTo("https://w3id.org/regiokg/id/place/suedwestfalen");
        assertThat(driver.findElement(By.id("csv-link")).getAttribute("href"))
                .endsWith("/api/questions/world-market-leaders-without-digital-partner?format=csv&region=https%3A%2F%2Fw3id.org%2Fregiokg%2Fid%2Fplace%2Fsuedwestfalen");
        // each company links to its Linked Data page
        assertThat(driver.findElement(By.linkText("Viega")).getAttribute("href")).endsWith("/id/organisation/viega");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        screenshot("agency", 3200);
    }

    @Test
    void aClickOnACompanyShowsItsRankedCandidates() {
        openAgency("");
        driver.findElement(By.cssSelector("#gap-table tr[data-org='https://w3id.org/regiokg/id/organisation/bjb'] button.show-candidates")).click();
        waiting().until(d -> !d.findElements(By.cssSelector("#candidates-table tbody tr")).isEmpty());
        assertThat(driver.findElement(By.id("candidates-org")).getText()).isEqualTo("BJB");
        List<WebElement> rows = driver.findElements(By.cssSelector("#candidates-table tbody tr"));
        assertThat(rows.get(0).findElement(By.cssSelector("td.candidate")).getText()).isEqualTo("GONICUS");
        // the parts of the score are shown
        String header = driver.findElement(By.cssSelector("#candidates-table thead")).getText();
        assertThat(header).contains("competenceScore", "distanceKm", "proximityScore", "regionTiesScore", "score");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        js("document.getElementById('candidates').scrollIntoView()");
        screenshot("agency-candidates", 1000);
    }

    @Test
    void theNetworkIsDrawn() {
        openAgency("");
        Number nodes = (Number) js("return window.regiokg.network.nodes().length");
        Number edges = (Number) js("return window.regiokg.network.edges().length");
        assertThat(nodes.intValue()).isGreaterThan(0);
        assertThat(edges.intValue()).isGreaterThan(0);
        assertThat(driver.findElements(By.cssSelector("#network canvas"))).isNotEmpty();
        assertThat((Boolean) js("return window.regiokg.network.nodes().some(n => n.data('label') === 'Südwestfalen Agentur GmbH' || n.data('label').startsWith('Südwestfalen Agentur'))")).isTrue();
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        js("document.getElementById('network-section').scrollIntoView()");
        screenshot("agency-network", 800);
    }

    @Test
    void theMapDrawsVectorMarkersWithoutTiles() {
        openAgency("");
        assertThat(((Number) js("return window.regiokg.mapMarkers")).intValue()).isGreaterThan(0);
        assertThat(driver.findElements(By.cssSelector("#map path.leaflet-interactive"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#map img.leaflet-tile"))).as("no tiles by default").isEmpty();
        assertThat(driver.findElement(By.id("map")).getText()).contains("Dortmund");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        js("document.getElementById('map-section').scrollIntoView()");
        screenshot("agency-map", 800);
    }

    @Test
    void englishByParameterAndByToggle() {
        openAgency("?lang=en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("World market leaders without a digital partner");
        driver.findElement(By.id("lang-toggle")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Weltmarktführer ohne Digitalpartner");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void aThingsPageShowsItsSources() {
        open("/id/organisation/trilux");
        assertThat(driver.findElement(By.id("label")).getText()).isEqualTo("Trilux");
        String sources = driver.findElement(By.id("sources")).getText();
        assertThat(sources).contains("Dortmund und Südwestfalen kooperieren bei Digitalisierung", "Beim Thema Digitalisierung kooperieren Dortmund und Südwestfalen nun eng");
        assertThat(driver.findElement(By.id("kinds")).getText()).contains("Unternehmen");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        screenshot("thing-trilux", 2400);
    }

    @Test
    void theLandingPageLinksEverything() {
        open("/");
        List<String> links = driver.findElements(By.cssSelector("a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).anySatisfy(h -> assertThat(h).endsWith("/agency"))
                .anySatisfy(h -> assertThat(h).contains("/ui/"))
                .anySatisfy(h -> assertThat(h).endsWith("/api/docs"))
                .anySatisfy(h -> assertThat(h).endsWith("/api/void"))
                .anySatisfy(h -> assertThat(h).contains("/kg/get"));
        screenshot("landing", 1000);
    }
}
