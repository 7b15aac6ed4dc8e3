package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.HeadlessChromium;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The SunCo flow in a real headless Chromium: a person writes on the messenger page, taps the bot's quick reply, the
 * bot hands over to the Agent Workspace, the agent accepts the Zendesk ticket in the console and answers, and the
 * answer shows on the messenger page.
 */
class MessengerBrowserTest {
  static SuncoFixture f;
  static HeadlessChromium chromium;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    f = SuncoFixture.start();
    chromium = HeadlessChromium.start();
    browser = chromium.browser();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
      f.assertContractKept();
    } finally {
      f.close();
    }
  }

  static void waitFor(String what, BooleanSupplier condition) {
    HeadlessChromium.waitFor(what, condition);
  }

  static List<String> bubbles() {
    return browser.findElements(By.cssSelector("#messages li.bubble .text")).stream().map(WebElement::getText)
        .toList();
  }

  @Test
  void aVisitorOnTheMessengerReachesAZendeskAgentInTheConsole() {
    browser.get(f.sandbox.baseUrl() + "/zendesk/messenger");
    browser.findElement(By.id("external-id")).sendKeys("ada@example.com");
    browser.findElement(By.id("given-name")).sendKeys("Ada");
    browser.findElement(By.cssSelector("#who button[type=submit]")).click();
    waitFor("the chat shown", () -> browser.findElement(By.id("chat")).isDisplayed());
    browser.findElement(By.id("text")).sendKeys("I need a human", Keys.ENTER);
    waitFor("the message at the simulator", () -> f.sunco.conversationOf("ada@example.com").isPresent());
    String c = f.sunco.conversationOf("ada@example.com").orElseThrow();
    assertEquals("I need a human", f.sunco.messages(c).get(0).path("content").path("text").asText());

    ok(201, f.call("POST", "/conversations/" + c + "/messages", "{\"author\":{\"type\":\"business\","
        + "\"displayName\":\"Bot\"},\"content\":{\"type\":\"text\",\"text\":\"Shall I get an agent?\",\"actions\":["
        + "{\"type\":\"reply\",\"text\":\"Yes please\",\"payload\":\"AGENT\"}]}}"));
    waitFor("the quick reply shown", () -> !browser.findElements(By.cssSelector(".quick-replies button")).isEmpty());
    browser.findElement(By.cssSelector(".quick-replies button")).click();
    waitFor("the tapped reply sent", () -> f.sunco.messages(c).size() == 3);
    JsonNode tapped = f.sunco.messages(c).get(2).path("content");
    assertEquals("Yes please", tapped.path("text").asText());
    assertEquals("AGENT", tapped.path("payload").asText());
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"zd-agentWorkspace\","
        + "\"metadata\":{\"dataCapture.systemField.requester.name\":\"Ada Lovelace\"}}"));
    String ticket = f.sunco.tickets().get(0).id();

    browser.get(f.sandbox.baseUrl() + "/console/");
    By row = By.cssSelector("#chats li.chat-item[data-platform='sunco'][data-chat-id='" + ticket + "']");
    waitFor("the ticket listed", () -> !browser.findElements(row).isEmpty());
    WebElement item = browser.findElement(row);
    assertEquals("Zendesk Messaging", item.findElement(By.cssSelector(".badge.platform")).getText());
    assertEquals("Ada Lovelace", item.findElement(By.cssSelector(".visitor-name")).getText());
    item.click();
    waitFor("the ticket open", () -> ticket.equals(browser.findElement(By.id("conversation"))
        .getDomAttribute("data-chat-id")));
    browser.findElement(By.cssSelector("#conversation .accept")).click();
    WebElement reply = browser.findElement(By.id("reply-text"));
    waitFor("the reply box enabled", reply::isEnabled);
    reply.sendKeys("Hi Ada, Alex here.", Keys.ENTER);
    waitFor("the agent's message stored", () -> f.sunco.messages(c).size() == 4);
    JsonNode answer = f.sunco.messages(c).get(3);
    assertEquals("Alex", answer.path("author").path("displayName").asText());
    assertEquals("zd:agentWorkspace", answer.path("source").path("type").asText());

    browser.get(f.sandbox.baseUrl() + "/console/messenger.html");
    browser.findElement(By.id("external-id")).sendKeys("ada@example.com");
    browser.findElement(By.cssSelector("#who button[type=submit]")).click();
    waitFor("the agent's answer on the messenger", () -> bubbles().contains("Hi Ada, Alex here."));
    assertEquals(List.of("I need a human", "Shall I get an agent?", "Yes please", "Hi Ada, Alex here."), bubbles());
  }
}
