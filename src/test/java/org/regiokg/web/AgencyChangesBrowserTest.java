package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The agency page's "what changed" view in Chromium, after real writes through the API as the admin:
 * a CSV import of a partnership gives Viega (a world market leader without a digital partner) its
 * first digital partner, a competence list makes a new candidate, reverting the import shows the
 * partner lost; the empty states say why; axe-core finds nothing serious; the lost leader's
 * candidates open by keyboard. Screenshots at 1400×1000 and 390×844 in target/screenshots/.
 * Also: the network asks for the chosen region (#17).
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgencyChangesBrowserTest {
    static final String PW = TestServer.ADMIN_PASSWORD;
    static final String ID = "https://w3id.org/regiokg/id/";
    static final Path SCREENSHOTS = BrowserPagesTest.SCREENSHOTS;
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    static Store store;
    static TestServer server;
    static ChromeDriver driver;
    static Path profile;
    static long built, importSet, candidateSet, beforeRevert;

    @BeforeAll
    static void start() throws IOException {
        assertThat(BrowserPagesTest.CHROMIUM).as("Chromium is missing: run scripts/install-browser.sh").isExecutable();
        assertThat(BrowserPagesTest.CHROMEDRIVER).as("ChromeDriver is missing: run scripts/install-browser.sh").isExecutable();
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(PW).importer(TestServer.importer(store))
                .queries(TestServer.PROJECT.resolve("queries")));
        built = store.changes().version();
        profile = Files.createTempDirectory("regiokg-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserPagesTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=de-DE");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(BrowserPagesTest.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (store != null) store.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    static void openAgency(String query) {
        driver.get(server.url("/agency" + query));
        waiting().until(d -> Boolean.TRUE.equals(js("return !!(window.regiokg && window.regiokg.ready)")));
    }

    static List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** The view at the desktop (1400×1000) and the phone (390×844) size, scrolled to the changes. */
    static void views(String name) {
        for (Dimension size : List.of(new Dimension(1400, 1000), new Dimension(390, 844))) {
            driver.manage().window().setSize(size);
            js("document.querySelector('#changes').scrollIntoView({block: 'start'})");
            BrowserPagesTest.waitMillis(600);
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

    /** axe-core run in the page (installed by BrowserPagesTest's npm step when missing); serious and critical ones only. */
    @SuppressWarnings("unchecked")
    static List<String> seriousAccessibilityViolations() {
        if (!Files.isRegularFile(BrowserPagesTest.AXE)) BrowserPagesTest.installAxe();
        try {
            js(Files.readString(BrowserPagesTest.AXE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object result = driver.executeAsyncScript(
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

    static HttpResponse<String> asAdmin(String path, String contentType, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PW).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static List<String> cells(String table, int column) {
        return driver.findElements(By.cssSelector("#" + table + "-table tbody tr td:nth-child(" + column + ")")).stream()
                .map(WebElement::getText).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void afterARealImportTheViewShowsTheGainedPartnerAndTheNewCandidate() {
        HttpResponse<String> tie = asAdmin("/api/imports?mapping=partnerships&file=viega-open-xchange.csv", "text/csv",
                "name_a,town_a,district_a,kind_a,name_b,town_b,district_b,kind_b,since,topic,source_url\n"
                + "Viega,Attendorn,Kreis Olpe,company,Open-Xchange,Olpe,Kreis Olpe,company,2026,it-services,https://example.org/viega-ox\n");
        assertThat(tie.statusCode()).as(tie.body()).isIn(200, 201);
        importSet = store.changes().version();
        HttpResponse<String> competence = asAdmin("/api/imports?mapping=competences&file=neue-digitale.csv", "text/csv",
                "name,town,district,competence,source_url\nNeue Digitalwerkstatt,Arnsberg,Hochsauerlandkreis,it-services,https://example.org/neu\n");
        assertThat(competence.statusCode()).as(competence.body()).isIn(200, 201);
        candidateSet = store.changes().version();

        openAgency("?after=" + built);
        assertThat(driver.findElement(By.id("changes-heading")).getText()).isEqualTo("Was sich geändert hat");
        assertThat(cells("gained", 1)).containsExactly("Viega");
        assertThat(cells("gained", 2)).containsExactly("Open-Xchange");
        WebElement change = driver.findElement(By.cssSelector("#gained-table tbody tr td:nth-child(3) a"));
        assertThat(change.getText()).isEqualTo("Nr. " + importSet);
        assertThat(change.getAttribute("href")).endsWith("/api/changes/" + importSet);
        assertThat(driver.findElement(By.cssSelector("#gained-table tbody tr td:nth-child(3)")).getText()).contains("CSV-Import");
        assertThat(cells("new", 1)).containsExactly("Neue Digitalwerkstatt");
        assertThat(cells("new", 2)).containsExactly("Arnsberg");
        assertThat(cells("new", 3)).containsExactly("IT-Dienstleistungen");
        assertThat(cells("new", 4).get(0)).contains("Nr. " + candidateSet, "CSV-Import").matches("(?s).*\\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}.*");
        assertThat(cells("lost", 1)).containsExactly("Keiner.");
        assertThat(driver.findElement(By.id("gained-count")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.id("changes-summary")).getText()).contains("seit Version " + built, "2 Änderungen seither");
        assertThat(driver.findElement(By.id("changes-empty")).isDisplayed()).isFalse();
        assertThat(seriousAccessibilityViolations()).as("axe-core, what changed").isEmpty();
        views("agency-changes");

        driver.findElement(By.id("lang-toggle")).click();
        assertThat(driver.findElement(By.id("changes-heading")).getText()).isEqualTo("What changed");
        assertThat(driver.findElement(By.cssSelector("#gained-table tbody tr td:nth-child(3) a")).getText()).isEqualTo("No. " + importSet);
        assertThat(cells("new", 3)).containsExactly("IT services");
        assertThat(seriousAccessibilityViolations()).as("axe-core, what changed, English").isEmpty();
        views("agency-changes-en");

        // by day, as the page opens: the store was built today, so all it holds counts as added today, and the page says so
        openAgency("?since=" + TODAY);
        assertThat(driver.findElement(By.id("changes-since")).getAttribute("value")).isEqualTo(TODAY.toString());
        assertThat(cells("gained", 1)).first().isEqualTo("Viega");
        assertThat(cells("new", 1)).first().isEqualTo("Neue Digitalwerkstatt");
        assertThat(driver.findElement(By.id("changes-read")).getText()).contains("Das Änderungsprotokoll beginnt am");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    @Order(2)
    void aRevertedImportShowsThePartnerLostAndTheLeadersCandidatesOpenByKeyboard() {
        beforeRevert = store.changes().version();
        HttpResponse<String> revert = asAdmin("/api/changes/" + importSet + "/revert", "application/json", "");
        assertThat(revert.statusCode()).as(revert.body()).isEqualTo(201);
        openAgency("?after=" + beforeRevert);
        assertThat(cells("lost", 1)).containsExactly("Viega");
        assertThat(cells("lost", 2)).containsExactly("Open-Xchange");
        assertThat(cells("lost", 3).get(0)).contains("nein – jetzt ohne Digitalpartner");
        assertThat(cells("gained", 1)).containsExactly("Keiner.");
        // keyboard: from the day chosen, Tab on to the lost leader's candidates, Enter opens them
        driver.findElement(By.id("changes-since")).click();
        js("document.getElementById('changes-since').focus()");
        WebElement active = null;
        for (int i = 0; i < 12; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            active = driver.switchTo().activeElement();
            if ("button".equals(active.getTagName()) && active.getAttribute("class").contains("show-candidates")) break;
        }
        assertThat(active.getAttribute("data-org")).isEqualTo(ID + "organisation/viega");
        views("agency-changes-lost");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waiting().until(d -> d.findElement(By.id("profile")).isDisplayed() && "Viega".equals(d.findElement(By.id("candidates-org")).getText())
                && !d.findElements(By.cssSelector("#candidates-table tbody tr")).isEmpty());
        assertThat(seriousAccessibilityViolations()).as("axe-core, a lost partner").isEmpty();
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    @Order(3)
    void theEmptyStatesSayWhy() {
        openAgency("?since=" + TODAY.plusDays(1));
        WebElement empty = driver.findElement(By.id("changes-empty"));
        assertThat(empty.isDisplayed()).isTrue();
        assertThat(empty.getText()).contains("wurde nichts geändert", "Nr. " + store.changes().version());
        assertThat(driver.findElement(By.cssSelector("#changes .changes-lists")).isDisplayed()).isFalse();
        assertThat(seriousAccessibilityViolations()).as("axe-core, nothing changed").isEmpty();
        views("agency-changes-empty");
        // changes, but none in Dortmund: no world market leader there, the new candidate is seated in Südwestfalen
        openAgency("?region=" + ID + "place/dortmund&after=" + built);
        waiting().until(d -> d.findElement(By.id("changes-empty")).getText().contains("Dortmund"));
        assertThat(driver.findElement(By.id("changes-empty")).getText()).contains("nicht bei Weltmarktführern oder Organisationen mit Sitz in Dortmund");
        // choosing a day by the date field asks again
        js("const i = document.getElementById('changes-since'); i.value = arguments[0]; i.dispatchEvent(new Event('change'))", TODAY.toString());
        waiting().until(d -> d.getCurrentUrl().contains("since=" + TODAY));
        assertThat(driver.getCurrentUrl()).doesNotContain("after=");
        // a period chosen from the list: the day in the date field and in words, in the page's language
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("changes-range"))).selectByVisibleText("letzte 7 Tage");
        java.time.LocalDate weekAgo = TODAY.minusDays(7);
        waiting().until(d -> d.getCurrentUrl().contains("since=" + weekAgo));
        assertThat(driver.findElement(By.id("changes-since")).getAttribute("value")).isEqualTo(weekAgo.toString());
        waiting().until(d -> d.findElement(By.id("changes-summary")).getText().startsWith("Seit dem "
                + weekAgo.format(java.time.format.DateTimeFormatter.ofPattern("d. MMMM yyyy", java.util.Locale.GERMAN)) + ":"));
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("changes-range"))).getFirstSelectedOption().getText())
                .isEqualTo("letzte 7 Tage");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void theNetworkIsAskedForTheChosenRegion() {
        String ruhr = ID + "place/region-ruhr";
        openAgency("?region=" + ruhr);
        List<String> asked = (List<String>) js("return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                + ".filter(u => u.pathname === '/api/questions/cooperation-network').map(u => u.searchParams.get('region'))");
        assertThat(asked).isNotEmpty().containsOnly(ruhr);
        assertThat((Boolean) js("return window.regiokg.network.nodes().some(n => n.data('label') === 'IHK zu Dortmund')")).isTrue();
        assertThat((Boolean) js("return window.regiokg.network.nodes().some(n => n.data('label') === 'BJB')")).isFalse();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("region"))).selectByVisibleText("Südwestfalen");
        waiting().until(d -> Boolean.TRUE.equals(js("return !!window.regiokg.network && window.regiokg.network.nodes().some(n => n.data('label') === 'BJB')")));
        List<String> after = (List<String>) js("return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                + ".filter(u => u.pathname === '/api/questions/cooperation-network').map(u => u.searchParams.get('region'))");
        assertThat(after).contains(ID + "place/suedwestfalen");
        assertThat(consoleErrors()).as("browser console errors").isEmpty();
    }
}
