package io.baton.sandbox.liveagent;

import io.baton.sandbox.InPageQuestion;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.HeadlessChromium;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
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
 * The agent console in a real headless Chromium (Debian's chromium and chromium-driver; the driver path is set, so
 * Selenium Manager downloads nothing): a queued Live Agent chat and a Dixa conversation, made through the vendors'
 * APIs, are listed side by side; the agent opens the Live Agent chat, sees the visitor's context, accepts it and
 * answers with the reply box, and the simulator receives exactly that message.
 */
class ConsoleBrowserTest {
  static HelpdeskSandbox sandbox;
  static HeadlessChromium chromium;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300)));
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

  static void waitFor(String what, BooleanSupplier condition) {
    HeadlessChromium.waitFor(what, condition);
  }

  static List<WebElement> rows(String platform, String id) {
    return browser.findElements(By.cssSelector("#chats li.chat-item[data-platform='" + platform
        + "'][data-chat-id='" + id + "']"));
  }

  static String rowStatus(String platform, String id) {
    List<WebElement> rows = rows(platform, id);
    return rows.isEmpty() ? null : rows.get(0).getDomAttribute("data-status");
  }

  static WebElement conversation() {
    return browser.findElement(By.id("conversation"));
  }

  /** A Dixa conversation as a connector makes it: the end user, then the import with the bot's history. */
  static long dixaConversation() {
    sandbox.dixa().rateLimit(false);
    JsonNode user = TestVisitor.json(TestVisitor.send(dixa("/endusers",
        "{\"email\":\"dora@example.com\",\"displayName\":\"Dora Dixa\"}")));
    String requester = user.path("data").path("id").asText();
    JsonNode imported = TestVisitor.json(TestVisitor.send(dixa("/conversations/import",
        "{\"genericChannelName\":\"genericapimessaging\",\"requesterId\":\"" + requester
            + "\",\"externalId\":\"baton-browser-1\",\"messages\":[{\"content\":{\"value\":\"my card is stuck\","
            + "\"_type\":\"Text\"},\"_type\":\"Inbound\"},{\"content\":{\"value\":\"Let me get you a human\","
            + "\"_type\":\"Text\"},\"_type\":\"Outbound\"}]}")));
    return imported.path("data").path("id").asLong();
  }

  static HttpRequest dixa(String path, String body) {
    return HttpRequest.newBuilder(URI.create(sandbox.dixaUrl() + path)).header("Authorization",
        DixaSimulator.DEFAULT_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  @Test
  void anAgentSeesEveryPlatformsChatsAcceptsOneAndRepliesWithTheReplyBox() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    assertEquals(200, visitor.post("ChatMessage", "{\"text\":\"is anyone there?\"}").statusCode());
    long dixaId = dixaConversation();

    browser.get(sandbox.baseUrl() + "/console/");
    waitFor("the Live Agent chat listed as waiting", () -> "QUEUED".equals(rowStatus("liveagent", visitor.id)));
    waitFor("the Dixa conversation listed", () -> "QUEUED".equals(rowStatus("dixa", Long.toString(dixaId))));
    WebElement liveAgentRow = rows("liveagent", visitor.id).get(0);
    assertEquals("Live Agent", liveAgentRow.findElement(By.cssSelector(".badge.platform")).getText());
    assertEquals("Vera Visitor", liveAgentRow.findElement(By.cssSelector(".visitor-name")).getText());
    assertTrue(liveAgentRow.findElement(By.cssSelector(".wait")).getText().startsWith("waiting "));
    WebElement dixaRow = rows("dixa", Long.toString(dixaId)).get(0);
    assertEquals("Dixa", dixaRow.findElement(By.cssSelector(".badge.platform")).getText());
    assertEquals("Dora Dixa", dixaRow.findElement(By.cssSelector(".visitor-name")).getText());

    // The Dixa conversation: the bot's history in the transcript, the requester and externalId as context.
    dixaRow.click();
    waitFor("the Dixa conversation open", () -> Long.toString(dixaId).equals(conversation().getDomAttribute(
        "data-chat-id")));
    waitFor("its transcript", () -> browser.findElements(By.cssSelector("#transcript li.line")).size() == 2);
    assertEquals("Bot", browser.findElement(By.cssSelector("#transcript li.line.from-bot .from")).getText());
    String dixaContext = browser.findElement(By.id("context")).getText();
    assertTrue(dixaContext.contains("dora@example.com") && dixaContext.contains("baton-browser-1"), dixaContext);
    assertFalse(browser.findElement(By.cssSelector("#conversation .transfer")).isDisplayed(),
        "Dixa's desk has no transfer");

    // The Live Agent chat: accept, then answer with the reply box.
    rows("liveagent", visitor.id).get(0).click();
    waitFor("the Live Agent chat open", () -> visitor.id.equals(conversation().getDomAttribute("data-chat-id")));
    waitFor("its prechat details", () -> browser.findElement(By.id("context")).getText().contains("Vera Visitor"));
    assertEquals("is anyone there?", browser.findElement(By.cssSelector("#transcript li.from-visitor .text"))
        .getText());
    WebElement reply = browser.findElement(By.id("reply-text"));
    assertFalse(reply.isEnabled(), "no reply before accepting");
    assertTrue(browser.findElement(By.cssSelector("#conversation .transfer")).isDisplayed());
    browser.findElement(By.cssSelector("#conversation .accept")).click();
    waitFor("the chat active", () -> "ACTIVE".equals(conversation().getDomAttribute("data-status")));
    assertEquals("Alex", sandbox.liveAgent().chat(visitor.id).orElseThrow().agentName());
    assertEquals("Alex", visitor.awaitMessage("ChatEstablished").get("name").asText());

    waitFor("the reply box enabled", reply::isEnabled);
    reply.sendKeys("Hi Vera, Alex here. How can I help?");
    visitor.awaitMessage("AgentTyping");
    reply.sendKeys(Keys.ENTER);
    waitFor("the agent's message at the simulator", () -> sandbox.liveAgent().chat(visitor.id).orElseThrow()
        .transcript().stream().anyMatch(l -> l.from().equals(TranscriptLine.AGENT)));
    assertEquals(List.of("Hi Vera, Alex here. How can I help?"), sandbox.liveAgent().chat(visitor.id).orElseThrow()
        .transcript().stream().filter(l -> l.from().equals(TranscriptLine.AGENT)).map(TranscriptLine::text).toList());
    assertEquals("Hi Vera, Alex here. How can I help?", visitor.awaitMessage("ChatMessage").get("text").asText());
    waitFor("the reply box emptied", () -> reply.getDomProperty("value").isEmpty());
    waitFor("the reply in the transcript", () -> browser.findElements(By.cssSelector("#transcript li.from-agent"))
        .size() == 1);
  }

  /** A Kustomer chat handed off with the bot's transcript: its context, accept, a reply by the agent. */
  @Test
  void aKustomerChatShowsItsCustomerQueueAndTranscriptAndTheAgentReplies() {
    var k = sandbox.kustomer();
    JsonNode customer = TestVisitor.json(TestVisitor.send(kustomer("/v1/customers", "{\"name\":\"Kim Kustomer\","
        + "\"emails\":[{\"type\":\"home\",\"email\":\"kim@example.com\"}],\"tags\":[\"vip\"]}")));
    JsonNode session = TestVisitor.json(TestVisitor.send(kustomer("/v2.1/chat/handoff", "{\"customerId\":\""
        + customer.path("data").path("id").asText() + "\",\"from\":\"" + k.apiUserId() + "\",\"externalId\":"
        + "\"baton-browser-k\",\"messages\":[{\"direction\":\"in\",\"body\":\"where is my order\",\"date\":"
        + "\"2026-11-29T10:00:00Z\"},{\"direction\":\"out\",\"body\":\"Getting a human\",\"date\":"
        + "\"2026-11-29T10:00:05Z\"}]}")));
    String id = session.path("data").path("id").asText();

    browser.get(sandbox.baseUrl() + "/console/");
    waitFor("the Kustomer chat listed as waiting", () -> "QUEUED".equals(rowStatus("kustomer", id)));
    WebElement row = rows("kustomer", id).get(0);
    assertEquals("Kustomer", row.findElement(By.cssSelector(".badge.platform")).getText());
    row.click();
    waitFor("its transcript", () -> browser.findElements(By.cssSelector("#transcript li.line")).size() == 2);
    assertEquals("Getting a human", browser.findElement(By.cssSelector("#transcript li.line.from-bot .text"))
        .getText());
    String context = browser.findElement(By.id("context")).getText();
    assertTrue(context.contains("kim@example.com") && context.contains("vip") && context.contains("Default Queue")
        && context.contains("baton-browser-k"), context);
    browser.findElement(By.cssSelector("#conversation .accept")).click();
    waitFor("the chat active", () -> "ACTIVE".equals(conversation().getDomAttribute("data-status")));
    assertTrue(browser.findElement(By.cssSelector("#conversation .kustomer-attach")).isDisplayed());
    WebElement reply = browser.findElement(By.id("reply-text"));
    waitFor("the reply box enabled", reply::isEnabled);
    reply.sendKeys("Hi Kim, Alex here");
    reply.sendKeys(Keys.ENTER);
    waitFor("the agent's message at the simulator", () -> k.conversation(id).orElseThrow().messages().size() == 3);
    var said = k.conversation(id).orElseThrow().messages().get(2);
    assertEquals("Hi Kim, Alex here", said.body());
    assertEquals(k.addAgent("Alex"), said.createdBy());

    // Attach… asks for the file's URL in the page.
    browser.findElement(By.cssSelector("#conversation .kustomer-attach")).click();
    InPageQuestion.answer(browser, "https://files.example.com/receipt.pdf");
    waitFor("the file at the simulator", () -> k.conversation(id).orElseThrow().messages().size() == 4);
    assertEquals("https://files.example.com/receipt.pdf", k.conversation(id).orElseThrow().messages().get(3)
        .attachments().get(0).url());
  }

  static HttpRequest kustomer(String path, String body) {
    return HttpRequest.newBuilder(URI.create(sandbox.kustomerUrl() + path)).header("Authorization",
        "Bearer " + sandbox.kustomer().apiKey()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Zendesk's console additions: a ticket for a requester (the agent-initiated flow), then an internal note. */
  @Test
  void aZendeskAgentCreatesATicketForARequesterAndAddsAnInternalNote() {
    browser.get(sandbox.baseUrl() + "/console/");
    browser.findElement(By.cssSelector(".zendesk-new summary")).click();
    WebElement form = browser.findElement(By.id("zendesk-new-ticket"));
    form.findElement(By.name("requesterEmail")).sendKeys("zoe@example.com");
    form.findElement(By.name("requesterName")).sendKeys("Zoe Zed");
    form.findElement(By.name("subject")).sendKeys("Your parcel");
    form.findElement(By.name("comment")).sendKeys("It left our warehouse");
    assertEquals("sunco_send", form.findElement(By.name("tags")).getDomProperty("value"));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor("the ticket created", () -> !sandbox.zendesk().tickets().isEmpty());
    var ticket = sandbox.zendesk().tickets().get(0);
    assertEquals(List.of("sunco_send"), ticket.tags());
    assertEquals("It left our warehouse", ticket.comments().get(0).body());
    String id = Long.toString(ticket.id());
    waitFor("the ticket listed", () -> "QUEUED".equals(rowStatus("zendesk", id)));
    rows("zendesk", id).get(0).click();
    browser.findElement(By.cssSelector("#conversation .accept")).click();
    waitFor("the ticket active", () -> "ACTIVE".equals(conversation().getDomAttribute("data-status")));
    waitFor("the Zendesk tools shown", () -> browser.findElement(By.id("zendesk-tools")).isDisplayed());
    WebElement note = browser.findElement(By.id("zendesk-note"));
    note.findElement(By.name("text")).sendKeys("Customer is a VIP");
    note.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor("the note on the ticket", () -> sandbox.zendesk().ticket(ticket.id()).orElseThrow().comments()
        .size() == 2);
    var comment = sandbox.zendesk().ticket(ticket.id()).orElseThrow().comments().get(1);
    assertEquals("Customer is a VIP", comment.body());
    assertFalse(comment.isPublic());
  }
}
