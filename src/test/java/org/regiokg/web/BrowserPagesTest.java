package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.interactions.Actions;
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
                .endsWith("/api/questions/world-market-leaders-without-digital-partner?format=csv&region=https%3A%2F%2Fw3id.org%2Fregiokg%2Fid%2Fplace%2Fsuedwestfalen&limit=5000");
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
        // the parts of the score are shown, headed in words; each column names the answer's column it shows
        List<String> columns = driver.findElements(By.cssSelector("#candidates-table thead th")).stream().map(th -> th.getAttribute("data-column")).toList();
        assertThat(columns).contains("competenceScore", "distanceKm", "proximityScore", "regionTies", "seatedInRegion", "regionTiesScore", "score");
        String header = driver.findElement(By.cssSelector("#candidates-table thead")).getText();
        assertThat(header).contains("Kompetenz", "Entfernung", "Nähe", "Verbindungen in der Region", "Regions", "Gesamt")
                .doesNotContain("competenceScore", "distanceKm", "proximityScore", "regionTiesScore");
        // GONICUS sits in Arnsberg like BJB: "gleicher Ort", not 0; its competences by their SKOS names
        assertThat(rows.get(0).getText()).contains("gleicher Ort", "IT-Dienstleistungen", "Open Source").doesNotContain("it-services");
        assertThat(rows.get(1).getText()).contains("Open-Xchange", "42,2 km", "4,54");
        assertThat(driver.findElement(By.cssSelector("tr[data-candidate$='/nexoma']")).getText()).contains("unbekannt");
        // the score explained beside the table: each part, its weight, where its data comes from
        String explained = driver.findElement(By.id("score-explained")).getText();
        assertThat(explained).contains("Kompetenzpunkte × 1", "Nähepunkte × 2", "Regionspunkte × 1", "digital-partner-candidates", "25 km");
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
    void aNetworkShownInPartSaysSo() {
        // Südwestfalen has three edges in the curated graph: a page of two is part of the network
        openAgency("?netPageSize=2");
        waiting().until(d -> d.findElement(By.cssSelector("#network-section .cut-note")).isDisplayed());
        assertThat(driver.findElement(By.cssSelector("#network-section .cut-note")).getText())
                .contains("Ein Teil des Netzes", "die ersten 2 Verbindungen", "nicht alle", "Mehr laden");
        assertThat(driver.findElement(By.id("network")).getAttribute("aria-label")).startsWith("Kooperationsnetz (Ausschnitt)");
        assertThat(((Number) js("return window.regiokg.network.edges().length")).intValue()).isEqualTo(2);
        // the rest on request: then the whole network, and no note about ties
        driver.findElement(By.cssSelector("#network-section .cut-note button")).click();
        waiting().until(d -> ((Number) js("return window.regiokg.network.edges().length")).intValue() == 3);
        assertThat(driver.findElement(By.id("network")).getAttribute("aria-label")).doesNotContain("Ausschnitt");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
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

    // ------------------------------------------------------------------ the agency's workbench (issue 17)

    static final String ID = "https://w3id.org/regiokg/id/";
    static final Path AXE = TestServer.PROJECT.resolve("src/test/js/node_modules/axe-core/axe.min.js");

    /** Saves the current view at the desktop (1400×1000) and the phone (390×844) size, scrolled to {@code selector}. */
    static void views(String name, String selector) {
        for (Dimension size : List.of(new Dimension(1400, 1000), new Dimension(390, 844))) {
            driver.manage().window().setSize(size);
            if (selector != null) js("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", selector);
            waitMillis(600);
            Path file = SCREENSHOTS.resolve(name + "-" + size.getWidth() + "x" + size.getHeight() + ".png");
            try {
                Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(file).isNotEmptyFile();
        }
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    static void waitMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitForProfile(String name) {
        waiting().until(d -> d.findElement(By.id("profile")).isDisplayed()
                && name.equals(d.findElement(By.id("candidates-org")).getText())
                && !d.findElements(By.cssSelector("#candidates-table tbody tr")).isEmpty());
    }

    /** axe-core (from npm, installed into src/test/js by its package.json when missing) run in the page. */
    @SuppressWarnings("unchecked")
    static List<String> seriousAccessibilityViolations() {
        if (!Files.isRegularFile(AXE)) installAxe();
        try {
            js(Files.readString(AXE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v => ({"
                + "  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))"
                + ".catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));");
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result)
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                serious.add(v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " at " + v.get("nodes"));
        return serious;
    }

    static void installAxe() {
        Path folder = TestServer.PROJECT.resolve("src/test/js");
        try {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm install in src/test/js finished").isTrue();
            assertThat(npm.exitValue()).as("npm install in src/test/js").isZero();
        } catch (IOException e) {
            throw new UncheckedIOException("npm is needed for the accessibility check (axe-core)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(AXE).as("axe-core installed by npm").isRegularFile();
    }

    @Test
    void everyViewInBothLanguagesHasNoSeriousAccessibilityViolation() {
        openAgency("");
        assertThat(seriousAccessibilityViolations()).as("axe-core, German page").isEmpty();
        views("agency-gap", null);
        views("agency-network", "#network-section");
        views("agency-map", "#map-section");
        openAgency("?lang=en&org=" + ID + "organisation/bjb");
        waitForProfile("BJB");
        assertThat(seriousAccessibilityViolations()).as("axe-core, English page with an organisation").isEmpty();
        views("agency-organisation-en", "#profile");
        openAgency("?region=" + ID + "place/dortmund");
        assertThat(seriousAccessibilityViolations()).as("axe-core, empty state").isEmpty();
        views("agency-empty-dortmund", null);
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void everyLabelIsInTheReadersLanguage() {
        openAgency("?lang=en&org=" + ID + "organisation/bjb");
        waitForProfile("BJB");
        String header = driver.findElement(By.cssSelector("#candidates-table thead")).getText();
        assertThat(header).contains("Competence points", "Distance", "Proximity points", "Ties in the region", "Region points", "Total");
        assertThat(driver.findElement(By.cssSelector("#candidates-table tbody tr")).getText()).contains("same town", "IT services", "open source");
        assertThat(driver.findElement(By.id("score-explained")).getText()).contains("Competence points × 1", "Proximity points × 2");
        assertThat(driver.findElement(By.id("profile-facts")).getText()).contains("company", "World market leader", "Arnsberg")
                .doesNotContain("Unternehmen");
        assertThat(driver.findElement(By.cssSelector("#gap-table thead")).getText()).contains("Company", "Niche", "Town");
        assertThat(driver.findElement(By.cssSelector("#region option:checked")).getText()).isEqualTo("South Westphalia");
        driver.findElement(By.id("lang-toggle")).click();
        assertThat(driver.findElement(By.cssSelector("#candidates-table tbody tr")).getText()).contains("gleicher Ort", "IT-Dienstleistungen");
        assertThat(driver.findElement(By.id("profile-facts")).getText()).contains("Unternehmen", "Weltmarktführer");
        assertThat(driver.findElement(By.cssSelector("#region option:checked")).getText()).isEqualTo("Südwestfalen");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theSearchFindsAnOrganisationByKeyboardAndOpensItsView() {
        openAgency("");
        WebElement search = driver.findElement(By.id("search"));
        search.click();
        search.sendKeys("vieg");
        waiting().until(d -> !d.findElements(By.cssSelector("#search-results .search-hit")).isEmpty());
        search.sendKeys(Keys.ARROW_DOWN);
        WebElement active = driver.switchTo().activeElement();
        assertThat(active.getAttribute("data-thing")).isEqualTo(ID + "organisation/viega");
        active.sendKeys(Keys.ENTER);
        waitForProfile("Viega");
        String facts = driver.findElement(By.id("profile-facts")).getText();
        assertThat(facts).contains("Sitz", "Attendorn", "Weltmarktführer", "Drinking-water and pipe press-fitting technology", "Quellen");
        List<WebElement> rows = driver.findElements(By.cssSelector("#candidates-table tbody tr"));
        assertThat(rows.get(0).getText()).contains("Open-Xchange", "10,6 km", "5");
        // Enter in the box opens the first match directly
        search.clear();
        search.sendKeys("gonicus", Keys.ENTER);
        waitForProfile("GONICUS");
        assertThat(driver.findElement(By.id("profile-facts")).getText()).contains("IT-Dienstleistungen", "Open Source", "nein");
        assertThat(driver.getCurrentUrl()).contains("org=");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        views("agency-search", "#profile");
    }

    @Test
    void theGapTableIsUsableByKeyboard() {
        openAgency("");
        js("document.querySelector(\"#gap-table tr[data-org$='/bjb'] td.company a\").focus()");
        new Actions(driver).sendKeys(Keys.TAB).sendKeys(Keys.TAB).perform();
        WebElement active = driver.switchTo().activeElement();
        assertThat(active.getAttribute("class")).contains("show-candidates");
        assertThat(active.getAttribute("data-org")).isEqualTo(ID + "organisation/bjb");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitForProfile("BJB");
        assertThat(driver.findElement(By.cssSelector("#gap-table tr[data-org$='/bjb']")).getAttribute("class")).contains("selected");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theRegionListOffersRegionsOnlyAndAnEmptyRegionSaysWhy() {
        openAgency("");
        List<String> offered = driver.findElements(By.cssSelector("#region option")).stream().map(WebElement::getText).toList();
        assertThat(offered).contains("Südwestfalen", "Hochsauerlandkreis", "Kreis Olpe", "Kreis Siegen-Wittgenstein", "Kreis Soest",
                "Märkischer Kreis", "Region Ruhr", "Dortmund", "Regierungsbezirk Arnsberg")
                .doesNotContain("Deutschland", "Kaiserhaus (Neheim)", "Neheim", "Arnsberg");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("region"))).selectByVisibleText("Dortmund");
        // the table first ("lädt …" meanwhile), then the reason, once the region's organisations are known
        waiting().until(d -> d.findElement(By.id("gap-empty")).isDisplayed() && d.findElement(By.id("gap-empty")).getText().contains("Dortmund"));
        assertThat(driver.findElement(By.id("gap-count")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.id("gap-empty")).getText()).contains("Dortmund", "Organisationen", "Weltmarktführer");
        assertThat(driver.findElement(By.id("gap-table")).isDisplayed()).isFalse();
        assertThat(driver.getCurrentUrl()).contains("region=https%3A%2F%2Fw3id.org%2Fregiokg%2Fid%2Fplace%2Fdortmund");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theGapTablePagesThroughTheApi() {
        openAgency("?pageSize=10");
        assertThat(gapCompanies()).hasSize(10).startsWith("Achenbach Buschhütten");
        assertThat(driver.findElement(By.id("gap-page")).getText()).contains("Seite 1", "1–10");
        assertThat(driver.findElement(By.id("gap-prev")).isEnabled()).isFalse();
        driver.findElement(By.id("gap-next")).click();
        waiting().until(d -> d.findElement(By.id("gap-page")).getText().contains("Seite 2"));
        List<String> second = gapCompanies();
        assertThat(second).hasSize(10).doesNotContain("Achenbach Buschhütten");
        driver.findElement(By.id("gap-next")).click();
        waiting().until(d -> d.findElement(By.id("gap-page")).getText().contains("Seite 3"));
        assertThat(gapCompanies()).hasSize(4).contains("Viega");
        assertThat(driver.findElement(By.id("gap-next")).isEnabled()).as("no next page after the last").isFalse();
        driver.findElement(By.id("gap-prev")).click();
        waiting().until(d -> d.findElement(By.id("gap-page")).getText().contains("Seite 2"));
        assertThat(gapCompanies()).isEqualTo(second);
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theNetworkIsReadableStableColouredAndFilterable() {
        openAgency("?region=" + ID + "place/region-ruhr");
        String positions = (String) js("return JSON.stringify(window.regiokg.network.nodes().map(n => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))]))");
        // labels at least 11 px as drawn
        assertThat((Boolean) js("const cy = window.regiokg.network; return cy.nodes().every(n => parseFloat(n.style('font-size')) * cy.zoom() >= 11)")).isTrue();
        // no two labels (nor a label and a node) overlap
        assertThat((String) js(
                "const cy = window.regiokg.network; const boxes = cy.nodes().map(n => [n.id(), n.boundingBox({ includeLabels: true })]);"
                + "const hit = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;"
                + "for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++)"
                + "  if (hit(boxes[i][1], boxes[j][1])) return boxes[i][0] + ' / ' + boxes[j][0]; return 'none';")).isEqualTo("none");
        // only the region's organisations and their ties; the other ends are marked as outside
        assertThat((Boolean) js("return window.regiokg.network.nodes().some(n => n.data('label') === 'IHK zu Dortmund')")).isTrue();
        assertThat((Boolean) js("return window.regiokg.network.nodes().some(n => n.data('label') === 'BJB')")).isFalse();
        assertThat((Boolean) js("return window.regiokg.network.$id('" + ID + "organisation/suedwestfalen-agentur').hasClass('outside')")).isTrue();
        // the same data gives the same picture
        openAgency("?region=" + ID + "place/region-ruhr");
        assertThat((String) js("return JSON.stringify(window.regiokg.network.nodes().map(n => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))]))"))
                .isEqualTo(positions);
        // filter by kind of tie
        driver.findElement(By.cssSelector("#tie-filter input[value='membership']")).click();
        // Cytoscape applies the style change on its next frame: wait for it (at most 30 s), then check.
        waiting().until(d -> ((Number) js("return window.regiokg.network.edges('.membership').filter(e => e.visible()).length")).intValue() == 0);
        assertThat(((Number) js("return window.regiokg.network.edges('.membership').filter(e => e.visible()).length")).intValue()).isZero();
        assertThat(((Number) js("return window.regiokg.network.edges('.agreement').filter(e => e.visible()).length")).intValue()).isPositive();
        double zoom = ((Number) js("return window.regiokg.network.zoom()")).doubleValue();
        driver.findElement(By.id("net-zoom-in")).click();
        assertThat(((Number) js("return window.regiokg.network.zoom()")).doubleValue()).isGreaterThan(zoom);
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
        js("document.getElementById('tie-filter').querySelector('input[value=membership]').click()");
        views("agency-network-ruhr", "#network-section");
    }

    @Test
    void theNetworkColoursMatchTheData() {
        openAgency("");
        // Südwestfalen: its world market leaders (orange) and digital organisations (blue), tied or not
        String orange = (String) js("return window.regiokg.network.$id('" + ID + "organisation/viega').style('background-color')");
        String blue = (String) js("return window.regiokg.network.$id('" + ID + "organisation/gonicus').style('background-color')");
        assertThat(orange).isEqualTo("rgb(194,94,0)");
        assertThat(blue).isEqualTo("rgb(31,111,197)");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theMapLabelsDoNotOverlap() {
        for (String region : List.of("suedwestfalen", "region-ruhr")) {
            openAgency("?region=" + ID + "place/" + region);
            String overlap = (String) js(
                    "const labels = [...document.querySelectorAll('#map .place-label')].filter(e => getComputedStyle(e).visibility !== 'hidden');"
                    + "const r = labels.map(e => [e.textContent, e.getBoundingClientRect()]);"
                    + "for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {"
                    + "  const a = r[i][1], b = r[j][1];"
                    + "  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) return r[i][0] + ' / ' + r[j][0]; }"
                    + "return labels.length ? 'none' : 'no labels';");
            assertThat(overlap).as(region).isEqualTo("none");
        }
        assertThat(driver.findElement(By.id("map")).getText()).contains("Hagen", "Ennepe-Ruhr-Kreis");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    /** The questions the page has asked so far (from the browser's resource timing), each with its arguments. */
    @SuppressWarnings("unchecked")
    static List<String> questionsAsked() {
        return (List<String>) js("return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                + ".filter(u => u.pathname.startsWith('/api/questions/')).map(u => u.pathname.substring(15) + u.search)");
    }

    @Test
    void everyRequestThePageSendsIsBounded() {
        openAgency("?org=" + ID + "organisation/bjb");
        waitForProfile("BJB");
        driver.findElement(By.id("search")).sendKeys("viega");
        waiting().until(d -> !d.findElements(By.cssSelector("#search-results .search-hit")).isEmpty());
        List<String> asked = questionsAsked();
        assertThat(asked).as("the page's questions").isNotEmpty()
                .anySatisfy(q -> assertThat(q).startsWith("cooperation-network?"))
                .anySatisfy(q -> assertThat(q).startsWith("organisations-in-region?"))
                .anySatisfy(q -> assertThat(q).startsWith("digital-partner-candidates?"));
        // each names a page of at most 1,000 rows; the whole-store statistics of 'sources' are never asked
        assertThat(asked).allSatisfy(q -> {
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("[?&]limit=(\\d+)").matcher(q);
            assertThat(limit.find()).as("a limit in " + q).isTrue();
            assertThat(Integer.parseInt(limit.group(1))).as("the limit of " + q).isLessThanOrEqualTo(1000);
        }).noneSatisfy(q -> assertThat(q).startsWith("sources"));
        assertThat(asked).filteredOn(q -> q.startsWith("digital-partner-candidates?"))
                .allSatisfy(q -> assertThat(q).contains("limit=20"));
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void theNetworkTheMapAndTheCandidatesComeInPagesWithMoreOnRequest() {
        openAgency("?orgPageSize=5&candPageSize=2&org=" + ID + "organisation/bjb");
        waitForProfile("BJB");
        // two candidates, then two more on request, ranked on
        assertThat(driver.findElements(By.cssSelector("#candidates-table tbody tr"))).hasSize(2);
        WebElement more = driver.findElement(By.id("candidates-more"));
        assertThat(more.getText()).isEqualTo("Weitere Kandidaten (ab Rang 3)");
        more.click();
        waiting().until(d -> d.findElements(By.cssSelector("#candidates-table tbody tr")).size() > 2);
        List<WebElement> rows = driver.findElements(By.cssSelector("#candidates-table tbody tr"));
        assertThat(rows.get(2).findElement(By.cssSelector("td")).getText()).isEqualTo("3");
        assertThat(driver.switchTo().activeElement().getText()).as("focus on the first new candidate")
                .isEqualTo(rows.get(2).findElement(By.cssSelector("td.candidate")).getText());
        // the network and the map: the region's first five organisations, and the page says so
        List<WebElement> notes = driver.findElements(By.cssSelector(".cut-note"));
        assertThat(notes).hasSize(2).allSatisfy(n -> assertThat(n.getText()).contains("die ersten 5 Organisationen der Region", "Mehr laden"));
        assertThat(((Number) js("return window.regiokg.mapMarkers")).intValue()).isLessThanOrEqualTo(5);
        int before = ((Number) js("return window.regiokg.network.nodes().filter(n => !n.hasClass('outside')).length")).intValue();
        assertThat(before).isLessThanOrEqualTo(5);
        driver.findElement(By.cssSelector("#network-section .cut-note button")).click();
        waiting().until(d -> d.findElement(By.cssSelector("#network-section .cut-note")).getText().contains("die ersten 10 Organisationen"));
        assertThat(((Number) js("return window.regiokg.mapMarkers")).intValue()).isGreaterThan(5).isLessThanOrEqualTo(10);
        views("agency-network-paged", "#network-section");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void questionsThatCannotBeAnsweredLeaveTheRestOfThePageWorking() {
        // as when the network, the map and the region list run past the server's time limit at a large store
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/questions/cooperation-network*",
                "*/api/questions/map-features*", "*/api/questions/regions*")));
        try {
            openAgency("");
            assertThat(gapCompanies()).hasSize(24);
            assertThat(driver.findElement(By.id("network-empty")).getText()).startsWith("Nicht geladen:");
            assertThat(driver.findElement(By.id("map-empty")).getText()).startsWith("Nicht geladen:");
            assertThat(driver.findElement(By.cssSelector("#region option:checked")).getText()).as("the chosen region still offered").isEqualTo("suedwestfalen");
            driver.findElement(By.cssSelector("#gap-table tr[data-org$='/bjb'] button.show-candidates")).click();
            waitForProfile("BJB");
        } finally {
            driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
            driver.executeCdpCommand("Network.disable", Map.of());
        }
    }

    @Test
    void theSearchToleratesTyposAndIsUsedByKeyboardAlone() {
        openAgency("");
        WebElement search = driver.findElement(By.id("search"));
        search.click();
        search.sendKeys("Gonikus");   // a typo: GONICUS
        waiting().until(d -> !d.findElements(By.cssSelector("#search-results .search-hit")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#search-results .search-hit")).getText()).startsWith("GONICUS");
        assertThat(search.getAttribute("aria-expanded")).isEqualTo("true");
        // Escape closes the list and leaves the focus in the box
        search.sendKeys(Keys.ESCAPE);
        assertThat(driver.findElement(By.id("search-results")).isDisplayed()).isFalse();
        assertThat(search.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("search");
        // arrows move through the list and back to the box
        search.clear();
        search.sendKeys("Suedwestfalen Agentur");   // no umlaut
        waiting().until(d -> !d.findElements(By.cssSelector("#search-results .search-hit")).isEmpty()
                && d.findElement(By.id("search-results")).isDisplayed());
        search.sendKeys(Keys.ARROW_DOWN);
        WebElement first = driver.switchTo().activeElement();
        assertThat(first.getAttribute("class")).contains("search-hit");
        first.sendKeys(Keys.ARROW_UP);
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("search");
        // Enter in the box opens the first match
        search.sendKeys(Keys.ENTER);
        waiting().until(d -> d.findElement(By.id("profile")).isDisplayed()
                && d.findElement(By.id("candidates-org")).getText().startsWith("Südwestfalen Agentur"));
        assertThat(driver.switchTo().activeElement().getAttribute("id")).as("focus on the organisation's heading").isEqualTo("profile-heading");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    void downloadsAndThePrintedBrief() {
        openAgency("?org=" + ID + "organisation/bjb");
        waitForProfile("BJB");
        assertThat(driver.findElement(By.id("candidates-csv")).getAttribute("href"))
                .contains("/api/questions/digital-partner-candidates?format=csv").contains("org=https%3A%2F%2Fw3id.org%2Fregiokg%2Fid%2Forganisation%2Fbjb");
        driver.findElement(By.id("candidates-xlsx")).click();
        // the download pages through the whole answer first
        waiting().until(d -> "digitalpartner-bjb.csv".equals(js("return window.regiokg.lastDownload && window.regiokg.lastDownload.fileName")));
        String text = (String) js("return window.regiokg.lastDownload.text");
        assertThat(text).startsWith("\uFEFFRang;Kandidat;Digitalkompetenzen;").contains("GONICUS", ";4,54;");
        assertThat((Boolean) js("return window.regiokg.lastDownload.text.split('\\r\\n').length === 6")).as("lines end in CR LF").isTrue();
        assertThat((String) js("return window.regiokg.lastDownload.fileName")).isEqualTo("digitalpartner-bjb.csv");
        driver.findElement(By.id("gap-xlsx")).click();
        waiting().until(d -> String.valueOf(js("return window.regiokg.lastDownload.fileName")).startsWith("weltmarktfuehrer"));
        String gap = (String) js("return window.regiokg.lastDownload.text");
        assertThat(gap).startsWith("\uFEFFUnternehmen;Nische;Ort;").contains("Viega;").hasLineCount(25);
        // printed: the organisation's brief only
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(driver.findElement(By.id("gap")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("network-section")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("profile")).isDisplayed()).isTrue();
            assertThat(driver.findElement(By.id("print-brief")).isDisplayed()).isFalse();
            // A4 at 96 dpi is 794 × 1123 px; less 1.5 cm margins each side: 681 × 1010
            driver.manage().window().setSize(new Dimension(681, 1010));
            double height = ((Number) js("return document.documentElement.scrollHeight")).doubleValue();
            assertThat(height).as("the brief fits one A4 page").isLessThanOrEqualTo(1010);
            double width = ((Number) js("return document.documentElement.scrollWidth")).doubleValue();
            assertThat(width).as("the brief fits the page's width").isLessThanOrEqualTo(681);
            Path file = SCREENSHOTS.resolve("agency-print-brief.png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            driver.manage().window().setSize(new Dimension(1400, 1000));
        }
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }
}
