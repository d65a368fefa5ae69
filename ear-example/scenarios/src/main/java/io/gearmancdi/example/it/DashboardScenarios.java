package io.gearmancdi.example.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, "Dashboard", in a real browser (headless Chromium through Selenium) against the example EAR in an
 * application server: the servlet at {@code /example/gearman/}, users of the roles {@code gearman-viewer} and
 * {@code gearman-admin} (created by each server's build or test, see the subclasses), BASIC login. The example runs
 * with the job record store on ({@code gearman.store.enabled=true}, the server's default data source), so the page
 * lists the jobs' records.
 */
@ExtendWith({GearmandExtension.class, ArquillianExtension.class}) // gearmand first: it must run before the server
public abstract class DashboardScenarios {
    /** A user with the role {@code gearman-viewer}. */
    public static final String VIEWER = "dash-viewer";
    /** A user with the role {@code gearman-admin}. */
    public static final String ADMIN = "dash-admin";
    /** Both users' password. */
    public static final String PASSWORD = "dash-Secret-1";

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL webModule;

    @Deployment(testable = false)
    public static EnterpriseArchive ear() {
        return ExampleEar.load();
    }

    private String dashboard() {
        String s = webModule.toExternalForm();
        return (s.endsWith("/") ? s : s + "/") + "gearman/";
    }

    /** Waits on the page, which rebuilds its tables every 2 s: an element gone stale meanwhile means "look again". */
    private static WebDriverWait waiting(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The texts of one column of a table, read in one script run so that a refresh cannot tear them. */
    @SuppressWarnings("unchecked")
    private static List<String> column(WebDriver driver, String table, int column) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "var table = arguments[0], column = arguments[1];"
                        + "return Array.from(document.querySelectorAll('#' + table + ' tbody tr'))"
                        + ".filter(function (tr) { return tr.cells.length > column; })"
                        + ".map(function (tr) { return tr.cells[column].textContent; });", table, column);
    }

    @Test
    void issue15DashboardListsTheServerAndTheExampleFunctionsAndChartsThroughput() throws Exception {
        try (Chromium chromium = Chromium.start(ADMIN, PASSWORD)) {
            WebDriver driver = chromium.driver();
            driver.get(dashboard());
            WebDriverWait wait = waiting(driver);
            wait.until(d -> column(d, "functions", 1).contains(ExampleEarScenarios.REVERSE_FUNCTION));
            assertThat(column(driver, "functions", 1)).contains(ExampleEarScenarios.REPORT_FUNCTION,
                    ExampleEarScenarios.ADD_FUNCTION);
            assertThat(column(driver, "servers", 0)).containsExactly(GearmandExtension.current().address());
            assertThat(column(driver, "servers", 1)).containsExactly("yes");
            assertThat(driver.findElement(By.id("mode")).getText()).isEqualTo("may retry and cancel");

            // jobs run after the dashboard started sampling show up in the chart (uPlot draws on a canvas)
            Rest rest = new Rest(webModule);
            // and background jobs get records in the store: one that succeeds, one that retries and succeeds
            String report = rest.postJson("reports?customer=Chart&pages=2&millisPerPage=100").getString("unique");
            String flaky = "chart-flaky-" + UUID.randomUUID();
            rest.postJson("flaky?id=" + flaky);
            for (int i = 0; i < 5; i++) {
                rest.getJson("reverse?text=chart" + i);
            }
            Poll.until("a step with completed jobs in the series", WAIT, () -> {
                String series = authorized(ADMIN).get("api/series").body();
                return series.matches(".*\"completed\":\\[[^]]*[1-9][^]]*].*") ? Optional.of(true)
                        : Optional.empty();
            });
            wait.until(d -> !d.findElements(By.cssSelector("#chart .uplot canvas")).isEmpty()
                    && Long.parseLong(Optional.ofNullable(d.findElement(By.id("chart")).getDomAttribute(
                            "data-completed")).orElse("0")) >= 5);
            wait.until(d -> !d.findElements(By.cssSelector("#jobs tr[data-unique='" + report
                    + "'][data-state='SUCCEEDED']")).isEmpty() && d.findElements(By.cssSelector(
                    "#jobs tr[data-state='SUCCEEDED']")).size() >= 2);
            screenshot(driver);

            // the flaky job succeeded on its third attempt: its record keeps the second attempt's error, which the
            // list does not show next to SUCCEEDED and the detail labels as an earlier attempt's
            // (the page rebuilds its tables every 2 s: rows are found and read in one script run each)
            JavascriptExecutor js = (JavascriptExecutor) driver;
            String row = "var job = arguments[0];"
                    + "var tr = Array.from(document.querySelectorAll(\"#jobs tr[data-state='SUCCEEDED']\"))"
                    + ".find(function (r) { return r.cells.length > 1 && r.cells[1].textContent === job; });";
            String lastCell = wait.until(d -> (String) js.executeScript(row
                    + "return tr ? tr.cells[tr.cells.length - 1].textContent : null;", ExampleEarScenarios.FLAKY_JOB));
            assertThat(lastCell).as("no error shown next to SUCCEEDED").isEmpty();
            wait.until(d -> (Boolean) js.executeScript(row + "if (tr) { tr.click(); } return !!tr;",
                    ExampleEarScenarios.FLAKY_JOB));
            wait.until(d -> d.findElement(By.cssSelector("#detail-fields dd[data-field='error']")).getText()
                    .contains("attempt 2 of " + flaky + " fails"));
            wait.until(d -> (Boolean) js.executeScript("return Array.from(document.querySelectorAll('#detail-fields dt'))"
                    + ".some(function (dt) { return dt.textContent === 'error (earlier attempt)'; });"));
        }
    }

    @Test
    void issue15ViewerMayReadButNotRetry() throws Exception {
        try (Chromium chromium = Chromium.start(VIEWER, PASSWORD)) {
            WebDriver driver = chromium.driver();
            driver.get(dashboard());
            WebDriverWait wait = waiting(driver);
            wait.until(d -> column(d, "functions", 1).contains(ExampleEarScenarios.REVERSE_FUNCTION));
            assertThat(driver.findElement(By.id("mode")).getText()).isEqualTo("read-only");
            assertThat(driver.findElement(By.id("retry")).isDisplayed()).isFalse();
        }
        Dashboard viewer = authorized(VIEWER);
        String token = viewer.token();
        HttpResponse<String> refused = viewer.post("api/jobs/" + UUID.randomUUID() + "/retry", token);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("read-only");
        Dashboard admin = authorized(ADMIN);
        assertThat(admin.post("api/jobs/x/retry", null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(admin.post("api/jobs/x/retry", "forged").statusCode()).as("wrong CSRF token").isEqualTo(403);
        assertThat(new Dashboard(dashboard(), null).get("").statusCode()).as("no login").isEqualTo(401);
    }

    @Test
    void issue15RunningReportShowsItsProgress() {
        assertThat(authorized(ADMIN).get("api/session").body()).as("the example's job record store is on")
                .contains("\"store\":true");
        String unique = "report-" + UUID.randomUUID();
        try (Chromium chromium = Chromium.start(ADMIN, PASSWORD)) {
            WebDriver driver = chromium.driver();
            driver.get(dashboard());
            waiting(driver).until(d -> column(d, "functions", 1).contains(ExampleEarScenarios.REPORT_FUNCTION));
            // queued once the page runs (a browser can take seconds to start here); 30 pages x 500 ms leave the page
            // (which refreshes every 2 s) time enough to see it running even on a busy machine
            new Rest(webModule).postJson("reports?customer=Dash&pages=30&millisPerPage=500&unique=" + unique);
            double progress = waiting(driver).until(d -> d.findElements(By.cssSelector(
                    "#jobs tr[data-unique='" + unique + "'][data-state='RUNNING'] progress")).stream()
                    .map(p -> Double.parseDouble(p.getDomProperty("value"))).filter(v -> v > 0).findFirst()
                    .orElse(null));
            assertThat(progress).isBetween(0.0, 1.0);
        }
    }

    @Test
    void issue15FailedJobShowsItsErrorAndRetryRunsItAgain() {
        assertThat(authorized(ADMIN).get("api/session").body()).as("the example's job record store is on")
                .contains("\"store\":true");
        // hostile: the id comes back in the error message, which the page must show as text
        String id = "dash-doomed-<img src=x onerror=window.pwned=1>-" + UUID.randomUUID();
        GearmanCli.Run queued = GearmanCli.run(GearmandExtension.current(), "-b", "-f",
                ExampleEarScenarios.DOOMED_FUNCTION, "{\"args\":[\"" + id + "\"]}");
        assertThat(queued.exitCode()).as(queued.stderr()).isZero();
        try (Chromium chromium = Chromium.start(ADMIN, PASSWORD)) {
            WebDriver driver = chromium.driver();
            driver.get(dashboard());
            WebDriverWait wait = waiting(driver);
            String failed = wait.until(d -> {
                for (WebElement tr : d.findElements(By.cssSelector("#jobs tr[data-state='FAILED']"))) {
                    if (tr.getText().contains(id + " cannot be done")) {
                        String unique = tr.getDomAttribute("data-unique");
                        tr.click();
                        return unique;
                    }
                }
                return null;
            });
            wait.until(d -> d.findElement(By.cssSelector("#detail-fields dd[data-field='error']")).getText()
                    .contains(id + " cannot be done (attempt 2 of 2)"));
            assertThat(((JavascriptExecutor) driver).executeScript(
                    "return window.pwned === undefined && document.querySelector('#jobs img, #detail img') === null"))
                    .as("the hostile error message stayed text").isEqualTo(true);
            WebElement retry = driver.findElement(By.id("retry"));
            wait.until(d -> retry.isDisplayed());
            retry.click();
            wait.until(d -> d.findElement(By.id("message")).getText().startsWith("retried as "));
            String again = driver.findElement(By.id("message")).getText().substring("retried as ".length());
            assertThat(again).isNotEqualTo(failed);
            // the retried job runs again (and, being doomed, fails again with its two attempts)
            wait.until(d -> d.findElements(By.cssSelector("#jobs tr[data-unique='" + again + "'][data-state='FAILED']"))
                    .size() == 1);
        }
    }

    private void screenshot(WebDriver driver) throws IOException {
        Path target = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        // the whole page, job list included (bounded): the window grows to the page's height
        long height = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new Dimension(1400, (int) Math.min(2400, height + 140)));
        Files.write(target, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private Dashboard authorized(String user) {
        return new Dashboard(dashboard(), user);
    }

    /** The dashboard's API over plain HTTP, as a user (BASIC) or anonymously. */
    record Dashboard(String base, String user) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(String path) {
            return send(request(path).GET());
        }

        HttpResponse<String> post(String path, String token) {
            HttpRequest.Builder r = request(path).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Origin", URI.create(base).resolve("/").toString().replaceAll("/$", ""));
            if (token != null) {
                r.header("X-Gearman-CSRF", token);
            }
            return send(r);
        }

        String token() {
            String session = get("api/session").body();
            try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new StringReader(session))) {
                JsonObject o = reader.readObject();
                return o.getString("csrf");
            }
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (user != null) {
                r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return r;
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
