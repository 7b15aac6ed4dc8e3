package io.baton.ingress;

import io.baton.testkit.Eventually;
import io.baton.testkit.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo widget's page in headless Chromium, read as the visitor sees it: the messages, the header, the queue and error lines.
 */
final class DemoPage implements AutoCloseable {
  final ChromeDriver browser;
  private final HeadlessChromium chromium;

  DemoPage() throws IOException {
    chromium = HeadlessChromium.start(1000, 900);
    browser = chromium.browser();
  }

  /** The page with a new conversation (the widget keeps its conversation in sessionStorage). */
  String openNewConversation(String url) {
    browser.get(url);
    browser.executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    waitFor("the stream is connected", () -> "connected".equals(status("connection")));
    return browser.findElement(By.id("conversation-id")).getText();
  }

  static void waitFor(String what, BooleanSupplier condition) {
    Eventually.until(Duration.ofSeconds(20), what, condition);
  }

  List<WebElement> events() {
    return browser.findElements(By.cssSelector("#messages li.event"));
  }

  WebElement last() {
    List<WebElement> all = events();
    return all.get(all.size() - 1);
  }

  List<String> types() {
    return events().stream().map(e -> e.getDomAttribute("data-type")).toList();
  }

  String status(String attribute) {
    return element("status").getDomAttribute("data-" + attribute);
  }

  WebElement element(String id) {
    return browser.findElement(By.id(id));
  }

  /** Everything the page shows as text. */
  String text() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** How often the page shows {@code phrase}. */
  int count(String phrase) {
    return text().split(java.util.regex.Pattern.quote(phrase), -1).length - 1;
  }

  /** Whether the element is wholly inside the message list's visible area (not cut off, not scrolled away). */
  boolean visibleInMessages(WebElement element) {
    return (Boolean) browser.executeScript("const r = arguments[0].getBoundingClientRect();"
        + "const box = document.getElementById('messages').getBoundingClientRect();"
        + "return r.height > 0 && r.top >= box.top && r.bottom <= box.bottom;", element);
  }

  String css(String id, String property) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "return getComputedStyle(document.getElementById(arguments[0]))[arguments[1]]", id, property);
  }

  /** A screenshot under target/ to look at when a test fails. */
  void screenshot(String name) throws IOException {
    Path file = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() throws IOException {
    chromium.close();
  }
}
