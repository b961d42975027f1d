package com.example.orderservice.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.ServiceIT;
import com.example.orderservice.support.TestTokens;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console at {@code /console/} in a real browser (Debian's headless Chromium, driven
 * by Selenium): sign in with a token, find and ship an order, upload a CSV and watch it finish,
 * revive a dead outbox row. Each page is saved as a screenshot in {@code
 * target/console-screenshots} (the README's pictures come from there).
 */
class ConsoleIT extends ServiceIT {

  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return builtWar();
  }

  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void startBrowser() throws IOException {
    File chromium = new File("/usr/bin/chromium");
    File driver = new File("/usr/bin/chromedriver");
    assertThat(chromium)
        .as("Debian's chromium and chromium-driver (.ci/run installs them)")
        .exists();
    assertThat(driver).exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void signsInFindsAnOrderAndShipsItAfterConfirmation() throws IOException {
    String email = uniqueEmail();
    long id = createOrderIn(orderJson(email, uniqueAmount()), "paid");
    signIn();

    browser.findElement(By.name("customer_email")).sendKeys(email);
    browser.findElement(By.id("search-orders")).click();
    click(By.cssSelector("[aria-label='Open order " + id + "']"));
    wait.until(ExpectedConditions.textToBe(By.id("order-title"), "Order " + id + ": paid"));
    assertThat(text("#order-items")).contains("ノートPC");

    click(By.id("ship"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
    assertThat(text("#confirm-text")).contains("Ship order " + id);
    click(By.id("confirm-yes"));

    wait.until(ExpectedConditions.textToBe(By.id("order-title"), "Order " + id + ": shipped"));
    wait.until(ExpectedConditions.textToBe(By.id("message"), "Order " + id + " is shipped."));
    assertThat(text("#order-history")).contains("shipped").contains("test-operator");
    assertThat(api().get("/orders/" + id).then().extract().jsonPath().getString("status"))
        .isEqualTo("shipped");
    screenshot("orders");
  }

  @Test
  void uploadsACsvAndWatchesItFinishWithItsRejectedLine() throws IOException {
    String r = UUID.randomUUID().toString().substring(0, 8);
    Path csv = Files.createTempFile("console-" + r, ".csv");
    Files.writeString(
        csv,
        "order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency\n"
            + ("%s-1,t-%s@example.com,Tanaka,ノートPC,2,89800,JPY\n"
                    + "%s-1,t-%s@example.com,Tanaka,マウス,1,2980,JPY\n"
                    + "%s-2,b-%s@example.com,Bob,Mug,0,1200,JPY\n")
                .formatted(r, r, r, r, r, r),
        StandardCharsets.UTF_8);
    signIn();
    click(By.id("tab-imports"));

    browser.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
    click(By.id("upload-button"));

    wait.until(ExpectedConditions.attributeToBe(By.id("import-progress"), "value", "100"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("import-errors"), r + "-2"));
    assertThat(text("#import-errors")).contains("quantity");
    assertThat(text("#import-title")).contains("completed_with_errors");
    assertThat(browser.findElement(By.id("import-download")).isEnabled()).isTrue();
    screenshot("imports");
  }

  @Test
  void revivesADeadOutboxRow() throws IOException {
    String email = uniqueEmail();
    StubMapping refusing =
        notification().stubFor(mailTo(email).atPriority(1).willReturn(aResponse().withStatus(503)));
    long orderId;
    long rowId;
    try {
      orderId = createOrderIn(orderJson(email, uniqueAmount()), "paid");
      rowId =
          await().atMost(Duration.ofSeconds(30)).until(() -> deadRowId(orderId), r -> r != null);
    } finally {
      notification().removeStub(refusing);
    }
    signIn();
    click(By.id("tab-outbox"));
    new Select(browser.findElement(By.cssSelector("#outbox-filter select[name=status]")))
        .selectByValue("dead");
    click(By.id("outbox-refresh"));
    By retry = By.cssSelector("[aria-label='Retry outbox row " + rowId + "']");
    wait.until(ExpectedConditions.elementToBeClickable(retry));
    screenshot("outbox");
    click(retry);

    wait.until(
        ExpectedConditions.textToBe(
            By.id("message"), "Outbox row " + rowId + " is pending again."));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api()
                    .get("/admin/outbox?order_id=" + orderId)
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.id == " + rowId + " }.status"),
            statuses -> statuses.contains("sent"));
  }

  /** The id of the order's dead outbox row, or null. */
  private Long deadRowId(long orderId) {
    List<Long> ids =
        api()
            .get("/admin/outbox?status=dead&order_id=" + orderId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("id", Long.class);
    return ids.isEmpty() ? null : ids.get(0);
  }

  private void signIn() {
    browser.get(base + "console/");
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    field.sendKeys(TestTokens.operator());
    click(By.id("sign-in-button"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
    assertThat(text("#who")).contains("test-operator");
  }

  /**
   * Clicks what {@code what} finds once it is clickable, finding it again if the page redrew it.
   */
  private void click(By what) {
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement element = ExpectedConditions.elementToBeClickable(what).apply(d);
              if (element == null) {
                return false;
              }
              element.click();
              return true;
            });
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    browser.manage().window().setSize(new Dimension(1366, 1400)); // the whole page, not the fold
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        SCREENSHOTS.resolve("console-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
