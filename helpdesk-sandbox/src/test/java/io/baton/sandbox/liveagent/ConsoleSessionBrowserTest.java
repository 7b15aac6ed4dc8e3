package io.baton.sandbox.liveagent;

import io.baton.sandbox.InPageQuestion;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.testkit.HeadlessChromium;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * The agent console across sessions, in a real headless Chromium: the agent's name is typed on the page (no native
 * prompt) and remembered by the browser; a transfer asks in the page; and the page shows the sandbox's truth after
 * the sandbox restarts (the old chats gone) and after a chat ended while the page was offline.
 */
class ConsoleSessionBrowserTest {
  static final SandboxConfig CONFIG = SandboxConfig.defaults().withLongPollHold(Duration.ofMillis(300));
  static HelpdeskSandbox sandbox;
  static HeadlessChromium chromium;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    sandbox = HelpdeskSandbox.start(CONFIG.withPort(0));
    chromium = HeadlessChromium.start();
    browser = chromium.browser();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      sandbox.close();
    }
  }

  static String rowStatus(String id) {
    List<WebElement> rows = browser.findElements(By.cssSelector("#chats li.chat-item[data-platform='liveagent']"
        + "[data-chat-id='" + id + "']"));
    return rows.isEmpty() ? null : rows.get(0).getDomAttribute("data-status");
  }

  static String connection() {
    return browser.findElement(By.tagName("body")).getDomAttribute("data-connection");
  }

  static WebElement conversation() {
    return browser.findElement(By.id("conversation"));
  }

  static void open(String id) {
    HeadlessChromium.waitFor("the chat listed", () -> rowStatus(id) != null);
    browser.findElement(By.cssSelector("#chats li.chat-item[data-chat-id='" + id + "']")).click();
    HeadlessChromium.waitFor("the chat open", () -> id.equals(conversation().getDomAttribute("data-chat-id")));
  }

  /** A new sandbox process on the same port, as after a restart: none of the old one's chats, users or clients. */
  static void restartSandbox(Runnable whileDown) {
    int port = sandbox.port();
    sandbox.close();
    whileDown.run();
    sandbox = HelpdeskSandbox.start(CONFIG.withPort(port));
  }

  @Test
  void theEndUserPagesForgetAUserAndAClientTheRestartedSandboxDoesNotKnow() {
    browser.get(sandbox.baseUrl() + "/console/messenger.html");
    browser.findElement(By.id("external-id")).sendKeys("ada@example.com");
    browser.findElement(By.cssSelector("#who button[type=submit]")).click();
    HeadlessChromium.waitFor("the messenger's chat shown", () -> browser.findElement(By.id("chat")).isDisplayed());
    restartSandbox(() -> {});
    HeadlessChromium.waitFor("the messenger's chat gone", () -> !browser.findElement(By.id("chat")).isDisplayed());
    assertTrue(browser.findElement(By.id("error")).getText().startsWith("The user ada@example.com is gone"),
        browser.findElement(By.id("error")).getText());

    browser.get(sandbox.baseUrl() + "/console/chat2desk.html");
    HeadlessChromium.waitFor("the channels listed", () -> !browser.findElements(By.cssSelector("#channel option"))
        .isEmpty());
    browser.findElement(By.id("name")).sendKeys("Ada");
    browser.findElement(By.cssSelector("#new-client button[type=submit]")).click();
    HeadlessChromium.waitFor("the client's chat shown", () -> browser.findElement(By.id("chat")).isDisplayed());
    restartSandbox(() -> {});
    HeadlessChromium.waitFor("the client's chat gone", () -> !browser.findElement(By.id("chat")).isDisplayed());
    assertTrue(browser.findElement(By.id("error")).getText().contains("is gone"),
        browser.findElement(By.id("error")).getText());
  }

  @Test
  void theAgentsNameIsTypedOnThePageRememberedAcrossAReloadAndATransferAsksInThePage() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    browser.get(sandbox.baseUrl() + "/console/");
    try {
      WebElement name = browser.findElement(By.id("agent-name"));
      assertEquals("Alex", name.getDomProperty("value"));
      name.clear();
      name.sendKeys("Robin");
      browser.navigate().refresh();
      HeadlessChromium.waitFor("the name back after the reload", () -> "Robin".equals(browser.findElement(
          By.id("agent-name")).getDomProperty("value")));

      open(visitor.id);
      conversation().findElement(By.cssSelector(".accept")).click();
      assertEquals("Robin", visitor.awaitMessage("ChatEstablished").get("name").asText());
      HeadlessChromium.waitFor("the chat active", () -> "ACTIVE".equals(conversation().getDomAttribute(
          "data-status")));

      conversation().findElement(By.cssSelector(".transfer")).click();
      assertEquals("Sam", browser.findElement(By.cssSelector("dialog.ask[open] input[name=answer]"))
          .getDomProperty("value"), "the suggested agent");
      InPageQuestion.answer(browser, "Maria");
      assertEquals("Maria", visitor.awaitMessage("ChatTransferred").get("name").asText());
      assertEquals("Maria", sandbox.liveAgent().chat(visitor.id).orElseThrow().agentName());

      // Cancelling the question changes nothing.
      conversation().findElement(By.cssSelector(".transfer")).click();
      HeadlessChromium.waitFor("the question", () -> !browser.findElements(By.cssSelector("dialog.ask[open]"))
          .isEmpty());
      browser.findElement(By.cssSelector("dialog.ask[open] .ask-cancel")).click();
      HeadlessChromium.waitFor("the question gone", () -> browser.findElements(By.cssSelector("dialog.ask"))
          .isEmpty());
      assertEquals("Maria", sandbox.liveAgent().chat(visitor.id).orElseThrow().agentName());
    } finally {
      ((JavascriptExecutor) browser).executeScript("localStorage.clear();");
    }
  }

  @Test
  void afterTheSandboxRestartsThePageShowsOnlyTheNewSandboxsChats() {
    TestVisitor old = TestVisitor.open(sandbox.liveAgentRestUrl());
    old.initAndAwaitRequestSuccess(uniqueButton(), false);
    sandbox.liveAgent().accept(old.id, "Alex");
    browser.get(sandbox.baseUrl() + "/console/");
    open(old.id);
    HeadlessChromium.waitFor("the chat active", () -> "ACTIVE".equals(rowStatus(old.id)));

    restartSandbox(() -> {
      HeadlessChromium.waitFor("the page sees the sandbox gone", () -> "lost".equals(connection()));
      assertFalse(conversation().findElement(By.cssSelector(".end")).isEnabled(), "nothing acted on while offline");
    });
    TestVisitor fresh = TestVisitor.open(sandbox.liveAgentRestUrl());
    fresh.initAndAwaitRequestSuccess(uniqueButton(), false);

    HeadlessChromium.waitFor("the new sandbox's chat listed", () -> "QUEUED".equals(rowStatus(fresh.id)));
    assertEquals("live", connection());
    assertEquals(null, rowStatus(old.id), "the old sandbox's chat is gone from the list");
    assertTrue(conversation().getDomAttribute("hidden") != null, "its conversation is closed");
    assertEquals(1, browser.findElements(By.cssSelector("#chats li.chat-item")).size());

    browser.navigate().refresh();
    HeadlessChromium.waitFor("the chat listed after a reload", () -> "QUEUED".equals(rowStatus(fresh.id)));
    assertEquals(1, browser.findElements(By.cssSelector("#chats li.chat-item")).size());
  }

  @Test
  void aChatWhoseSessionEndedWhileThePageWasOfflineShowsEndedOnReconnect() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    sandbox.liveAgent().accept(visitor.id, "Alex");
    browser.get(sandbox.baseUrl() + "/console/");
    open(visitor.id);
    HeadlessChromium.waitFor("the chat active", () -> "ACTIVE".equals(conversation().getDomAttribute(
        "data-status")));

    ChromeDriver chrome = (ChromeDriver) browser;
    ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
    offline.setOffline(true);
    chrome.setNetworkConditions(offline);
    try {
      HeadlessChromium.waitFor("the page offline", () -> "lost".equals(connection()));
      sandbox.liveAgent().expireSession(visitor.id);
      assertEquals(ChatStatus.ENDED, sandbox.liveAgent().chat(visitor.id).orElseThrow().status());
      assertEquals("ACTIVE", rowStatus(visitor.id), "the page cannot know yet");
    } finally {
      chrome.deleteNetworkConditions();
    }
    HeadlessChromium.waitFor("the chat ended on the page", () -> "ENDED".equals(rowStatus(visitor.id)));
    assertEquals("ENDED", conversation().getDomAttribute("data-status"));
    assertEquals("live", connection());
    assertFalse(browser.findElement(By.id("reply-text")).isEnabled(), "no reply to an ended chat");
  }
}
