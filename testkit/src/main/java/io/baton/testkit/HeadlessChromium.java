package io.baton.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromium-driver (the driver's path is set, so Selenium Manager
 * downloads nothing), with a fresh profile and no background networking. Needs selenium-chrome-driver on the test
 * class path (an optional dependency of the testkit).
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final Path profile;
  private final ChromeDriverService driverService;
  private final ChromeDriver browser;

  private HeadlessChromium(Path profile, ChromeDriverService driverService, ChromeDriver browser) {
    this.profile = profile;
    this.driverService = driverService;
    this.browser = browser;
  }

  /** A browser with a desktop-sized window (1400 x 900). */
  public static HeadlessChromium start() throws IOException {
    return start(1400, 900);
  }

  /** Waits (20 s at most) until the page shows what the condition looks for (a page has no event to wait on). */
  public static void waitFor(String what, BooleanSupplier condition) {
    Eventually.until(PATIENCE, what, condition);
  }

  /** A browser whose window is {@code width} x {@code height} pixels. */
  public static HeadlessChromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("baton-chromium-");
    ChromeDriverService driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    return new HeadlessChromium(profile, driverService, new ChromeDriver(driverService, options));
  }

  public ChromeDriver browser() {
    return browser;
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
