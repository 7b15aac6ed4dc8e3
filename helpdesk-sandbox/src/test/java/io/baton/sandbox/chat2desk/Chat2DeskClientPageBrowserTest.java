package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskCompany.ALEX_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.BOT_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.testkit.HeadlessChromium;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * A person plays a Chat2Desk client in headless Chromium: writes on WhatsApp, taps the bot's button and sees the bot's
 * file; after the handover, the operator accepts and answers in the console, and the client sees the answer.
 */
class Chat2DeskClientPageBrowserTest {
  @Test
  void aClientWritesTapsAButtonAndSeesTheOperatorsReply() throws Exception {
    try (Chat2DeskFixture f = Chat2DeskFixture.start(); HeadlessChromium chromium = HeadlessChromium.start()) {
      Chat2DeskSimulator c2d = f.c2d;
      WebDriver browser = chromium.browser();
      browser.get(f.sandbox.baseUrl() + "/console/chat2desk.html");
      HeadlessChromium.waitFor("the channels listed",
          () -> !browser.findElements(By.cssSelector("#channel option")).isEmpty());
      browser.findElement(By.cssSelector("#channel option[value='" + Chat2DeskCompany.WHATSAPP_CHANNEL_ID + "']"))
          .click();
      browser.findElement(By.id("name")).sendKeys("Ada");
      browser.findElement(By.cssSelector("#new-client button[type=submit]")).click();
      HeadlessChromium.waitFor("the chat shown", () -> browser.findElement(By.id("chat")).isDisplayed());
      browser.findElement(By.id("text")).sendKeys("Hello from WhatsApp", Keys.ENTER);
      HeadlessChromium.waitFor("the message at the simulator",
          () -> clientOf(f, "Ada") != null && !c2d.messagesOf(clientOf(f, "Ada")).isEmpty());
      long client = clientOf(f, "Ada");
      Chat2DeskMessage first = c2d.messagesOf(client).get(0);
      assertEquals("Hello from WhatsApp", first.text());
      assertEquals(Chat2DeskMessage.FROM_CLIENT, first.type());

      ok(f.call("POST", "/messages", "{\"client_id\":" + client + ",\"operator_id\":" + BOT_OPERATOR_ID
          + ",\"text\":\"Talk to a human?\",\"attachment\":\"https://files.example.com/menu.pdf\","
          + "\"keyboard\":{\"buttons\":[{\"type\":\"reply\",\"text\":\"Yes please\",\"payload\":\"HUMAN\"}]}}"));
      By button = By.cssSelector(".quick-replies button");
      HeadlessChromium.waitFor("the button shown", () -> !browser.findElements(button).isEmpty());
      assertEquals("📎 menu.pdf", browser.findElement(By.cssSelector("a.attachment")).getText());
      browser.findElement(button).click();
      HeadlessChromium.waitFor("the tap sent", () -> c2d.messagesOf(client).size() == 3);
      assertEquals("HUMAN", c2d.messagesOf(client).get(2).text());

      long dialog = first.dialogId();
      ok(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + ALEX_OPERATOR_ID + "}"));
      browser.get(f.sandbox.baseUrl() + "/console/");
      By row = By.cssSelector("#chats li.chat-item[data-platform='chat2desk'][data-chat-id='" + dialog + "']");
      HeadlessChromium.waitFor("the dialog on the desk", () -> !browser.findElements(row).isEmpty());
      assertEquals("Chat2Desk", browser.findElement(row).findElement(By.cssSelector(".badge.platform")).getText());
      browser.findElement(row).click();
      browser.findElement(By.cssSelector("#conversation .accept")).click();
      WebElement reply = browser.findElement(By.id("reply-text"));
      HeadlessChromium.waitFor("the reply box enabled", reply::isEnabled);
      reply.sendKeys("Alex here, how can I help?", Keys.ENTER);
      HeadlessChromium.waitFor("the reply sent", () -> c2d.received(client).size() == 2);
      assertEquals(ALEX_OPERATOR_ID, c2d.received(client).get(1).operatorId().longValue());

      browser.get(f.sandbox.baseUrl() + "/console/chat2desk.html");
      By option = By.cssSelector("#clients option[value='" + client + "']");
      HeadlessChromium.waitFor("the client listed", () -> !browser.findElements(option).isEmpty());
      browser.findElement(option).click();
      browser.findElement(By.cssSelector("#pick-client button[type=submit]")).click();
      HeadlessChromium.waitFor("the operator's reply shown", () -> bubbles(browser).size() == 4);
      assertEquals(List.of("Hello from WhatsApp", "Talk to a human?", "HUMAN", "Alex here, how can I help?"),
          bubbles(browser));
    }
  }

  private static Long clientOf(Chat2DeskFixture f, String name) {
    return f.c2d.locked(
        () -> f.c2d.clients().all().stream().filter(c -> name.equals(c.name)).map(c -> c.id).findFirst().orElse(null));
  }

  /** Read in one script: the page re-renders the list while a test walks it element by element. */
  @SuppressWarnings("unchecked")
  private static List<String> bubbles(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll('#messages li.bubble .text')].map(e => e.textContent);");
  }
}
