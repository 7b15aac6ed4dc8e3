package io.baton.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromium-driver (the driver's path is set, so Selenium Manager
 * downloads nothing), with a fresh profile and no background networking (this machine's network is closed).
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final Path profile;
  private final ChromeDriverService driverService;
  private final WebDriver browser;

  private HeadlessChromium(Path profile, ChromeDriverService driverService, WebDriver browser) {
    this.profile = profile;
    this.driverService = driverService;
    this.browser = browser;
  }

  public static HeadlessChromium start() throws IOException {
    Path profile = Files.createTempDirectory("baton-chromium-");
    ChromeDriverService driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
    return new HeadlessChromium(profile, driverService, new ChromeDriver(driverService, options));
  }

  public WebDriver browser() {
    return browser;
  }

  /** Waits (20 s at most) until the page shows what the condition looks for. */
  public static void waitFor(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(50); // a page has no event to wait on from here: poll it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Answers the page's in-page question (sandbox-calls.js {@code ask}, never a native prompt): waits for it, replaces
   * the suggested answer with {@code answer} and presses OK.
   */
  public static void answer(WebDriver browser, String answer) {
    waitFor("the page's question", () -> !browser.findElements(By.cssSelector("dialog.ask[open]")).isEmpty());
    WebElement input = browser.findElement(By.cssSelector("dialog.ask[open] input[name=answer]"));
    input.clear();
    input.sendKeys(answer);
    browser.findElement(By.cssSelector("dialog.ask[open] .ask-ok")).click();
    waitFor("the question closed", () -> browser.findElements(By.cssSelector("dialog.ask")).isEmpty());
  }

  @Override
  public void close() throws IOException {
    try {
      browser.quit();
    } finally {
      driverService.stop();
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
