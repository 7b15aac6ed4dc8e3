package io.baton.ingress;

import static io.baton.ingress.DemoPage.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.Controller;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The demo widget in a real headless Chromium: it gets a widget token, sends a message that lands on
 * conversation.inputs.v1, and renders what the router would write to the conversation log (bot reply with buttons,
 * the helpdesk serving, queue position and wait, agent joined, typing, messages with attachments, transfer, the
 * end), says failures in plain words, and keeps a message that could not be sent with a retry that never doubles it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DemoWidgetBrowserTest {
  static final String TECHNICAL = "the Live Agent session expired (403)";
  static KafkaBroker kafka;
  static IngressService ingress;
  static KafkaProducer<String, ConversationEvent> producer;
  static DemoPage page;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    kafka = broker;
    ingress = startIngress(0);
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("browser-test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
    page = new DemoPage();
  }

  static IngressService startIngress(int port) {
    IngressService started = new IngressService(TestKeys.config().withPort(port)
        .withSecurity(TestKeys.security().withDevTenant("demo")), KafkaSettings.of(kafka.bootstrapServers()));
    started.start();
    return started;
  }

  @AfterAll
  static void stop() throws Exception {
    if (page != null) {
      page.close();
    }
    producer.close();
    ingress.stop();
  }

  static final AtomicLong sequence = new AtomicLong();

  static void log(String id, String causation, Controller controller, ConversationStatus status, Object body)
      throws Exception {
    log(id, causation, controller, status, Platform.salesforce, body);
  }

  static void log(String id, String causation, Controller controller, ConversationStatus status, Platform platform,
      Object body) throws Exception {
    long seq = sequence.incrementAndGet();
    ConversationEvent e = ConversationEvent.newBuilder().setEventId("e" + seq).setOccurredAt(Instant.now())
        .setTenant("demo").setConversationId(id).setSequence(seq).setCausationId(causation).setController(controller)
        .setStatus(status).setHandoverId(status == ConversationStatus.bot ? null : "h1")
        .setPlatform(status == ConversationStatus.bot ? null : platform).setBody(body).build();
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "demo/" + id, e)).get();
  }

  static String demoUrl() {
    return "http://localhost:" + ingress.port() + "/demo/";
  }

  @Test
  void theWidgetShowsAWholeHandoverAsItHappens() throws Exception {
    String id = page.openNewConversation(demoUrl());
    assertTrue(id.startsWith("demo-"), id);

    page.element("text").sendKeys("I need a human");
    page.element("send").click();
    List<ConsumerRecord<String, VisitorEvent>> sent = TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 1);
    VisitorEvent visitor = sent.get(0).value();
    assertEquals("I need a human", ((VisitorMessage) visitor.getBody()).getText());
    assertEquals("Visitor", visitor.getContext().getName());

    // what the router writes, one step after another, each checked on screen
    log(id, visitor.getEventId(), Controller.bot, ConversationStatus.bot, visitor.getBody());
    waitFor("the sent message is confirmed", () -> page.browser.findElements(By.cssSelector("#messages li.pending"))
        .isEmpty() && page.events().size() == 1);
    List<String> expected = new ArrayList<>(List.of("visitor.message"));
    for (int i = 1; i <= 6; i++) { // enough to scroll
      log(id, "b" + i, Controller.bot, ConversationStatus.bot, new BotMessage("Line " + i, List.of(), List.of()));
      expected.add("bot.message");
    }
    List<QuickReply> helpdesks = List.of("Talk to a human", "Dixa", "Chat2Desk", "Kustomer", "Freshchat", "Gorgias",
        "Oracle", "Enhanced Chat", "Zendesk").stream().map(t -> new QuickReply(t, t)).toList();
    log(id, "b7", Controller.bot, ConversationStatus.bot, new BotMessage("Shall I connect you?", helpdesks, List.of()));
    expected.add("bot.message");
    waitFor("the bot's buttons", () -> page.browser.findElements(By.cssSelector(".quick-replies button")).size() == 9);
    List<WebElement> buttons = page.browser.findElements(By.cssSelector(".quick-replies button"));
    assertEquals("Talk to a human", buttons.get(0).getText());
    page.screenshot("quick-replies");
    assertTrue(page.visibleInMessages(buttons.get(buttons.size() - 1)), "the newest button is not cut off");

    log(id, "h1", Controller.agent, ConversationStatus.handover_requested, new HandoverStarted(Platform.salesforce,
        null));
    log(id, "q1", Controller.agent, ConversationStatus.queued, new ChatQueued(3, 90));
    expected.add("handover.started");
    waitFor("the queue position", () -> page.element("queue").isDisplayed());
    WebElement queue = page.element("queue");
    assertEquals("Waiting in the queue: position 3, about 90 s", queue.getText());
    assertEquals("3", queue.getDomAttribute("data-position"));
    assertEquals("90", queue.getDomAttribute("data-wait"));
    assertEquals(1, page.count("Waiting in the queue"), "the queue is said once");
    assertEquals("16px", page.css("queue", "paddingLeft"), "padded as the lines around it");
    assertEquals("Connecting you to an agent at Salesforce…", page.last().getText());
    assertEquals("Connected to Salesforce", page.element("helpdesk").getText());
    page.screenshot("queued");

    log(id, "a1", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Alex", "005"));
    expected.add("agent.joined");
    waitFor("the agent joined", () -> "agent_connected".equals(page.status("status")));
    assertEquals("Alex joined", page.last().getText());
    assertFalse(page.element("queue").isDisplayed(), "the queue line goes once an agent is there");
    assertEquals("talking to Alex", page.element("status").getText());
    assertEquals("Connected to Salesforce", page.element("helpdesk").getText());

    log(id, "a2", Controller.agent, ConversationStatus.agent_connected, new AgentTyping(true));
    waitFor("the agent is typing", () -> page.element("typing").isDisplayed());
    assertEquals("Alex is typing…", page.element("typing").getText());

    log(id, "a3", Controller.agent, ConversationStatus.agent_connected, new AgentMessage("Here is your invoice",
        "Alex", List.of(new Attachment("https://files.example/invoice.pdf", "invoice.pdf", "application/pdf",
            20480L), new Attachment("javascript:alert(1)", "trap.txt", "text/plain", 1L))));
    expected.add("agent.message");
    waitFor("the agent's message", () -> "agent.message".equals(page.last().getDomAttribute("data-type")));
    assertFalse(page.element("typing").isDisplayed(), "typing stops with the message");
    List<WebElement> links = page.last().findElements(By.cssSelector("a.attachment"));
    assertEquals(2, links.size());
    assertEquals("📎 invoice.pdf (20 KB)", links.get(0).getText());
    assertEquals("https://files.example/invoice.pdf", links.get(0).getDomAttribute("href"));
    assertEquals(null, links.get(1).getDomAttribute("href"), "a javascript: URL is never a link");

    log(id, "a4", Controller.agent, ConversationStatus.agent_connected, new ChatTransferred("Bea", "006"));
    expected.add("chat.transferred");
    waitFor("the transfer", () -> "chat.transferred".equals(page.last().getDomAttribute("data-type")));
    assertEquals("transferred to Bea", page.last().getText());

    log(id, "a5", Controller.agent, ConversationStatus.agent_connected, new ChatEnded(EndedBy.agent, "solved"));
    log(id, "r1", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("the chat ended"));
    log(id, "r2", Controller.bot, ConversationStatus.bot, new BotMessage("You are back with the bot.", List.of(),
        List.of()));
    expected.addAll(List.of("chat.ended", "bot.message"));
    waitFor("the bot speaks again", () -> "bot.message".equals(page.last().getDomAttribute("data-type")));
    assertEquals("bot", page.status("controller"));
    assertEquals("talking to the bot", page.element("status").getText());
    assertFalse(page.element("helpdesk").isDisplayed(), "no helpdesk serves now");
    assertEquals(1, page.count("back with the bot"), "the bot says it, the widget does not repeat it");
    assertEquals(1, page.count("Bea ended the chat."));
    assertEquals(expected, page.types());
    page.screenshot("back-with-the-bot");

    // a reload resumes the same conversation from its log, without repeating anything
    page.browser.navigate().refresh();
    waitFor("the reloaded widget replays the log", () -> page.events().size() == expected.size()
        && "connected".equals(page.status("connection")));
    assertEquals(id, page.element("conversation-id").getText());
    assertEquals(1, page.count("back with the bot"), "still said once");
  }

  @Test
  void failuresAreSaidInPlainWordsAndTheirTechnicalReasonsStayOffTheScreen() throws Exception {
    String id = page.openNewConversation(demoUrl());
    log(id, "h1", Controller.bot, ConversationStatus.bot, new HandoverRejected("no connection 'x' for dixa"));
    // a handover to a platform with no running connector fails at once, the bot keeping control
    log(id, "h0", Controller.bot, ConversationStatus.bot, new HandoverFailed("no connector for dixa is running "
        + "(last seen 2026-11-29T15:00:00Z)"));
    log(id, "h2", Controller.agent, ConversationStatus.handover_requested, Platform.dixa,
        new HandoverStarted(Platform.dixa, null));
    waitFor("connected to Dixa", () -> "Connected to Dixa".equals(page.element("helpdesk").getText()));
    // failfast's path: no connector runs for the platform, the router returns control with the reason
    log(id, "h2", Controller.agent, ConversationStatus.handover_requested, Platform.dixa,
        new HandoverFailed("no connector is running for platform dixa"));
    log(id, "h2", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("the handover failed: no "
        + "connector is running for platform dixa"));
    log(id, "h3", Controller.agent, ConversationStatus.handover_requested, new HandoverStarted(Platform.salesforce,
        null));
    log(id, "a1", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Alex", "005"));
    log(id, "a2", Controller.agent, ConversationStatus.agent_connected, new DeliveryFailed("c1", TECHNICAL));
    log(id, "a3", Controller.agent, ConversationStatus.agent_connected, new HandoverFailed(TECHNICAL));
    log(id, "a3", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("the handover failed: "
        + TECHNICAL));
    log(id, "h4", Controller.agent, ConversationStatus.handover_requested, new HandoverStarted(Platform.salesforce,
        null));
    log(id, "a4", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Bea", "006"));
    log(id, "a5", Controller.agent, ConversationStatus.agent_connected, new ChatEnded(EndedBy.failure, TECHNICAL));
    log(id, "a5", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot(TECHNICAL));
    waitFor("the last failure", () -> page.events().size() == 11);
    page.screenshot("failures");
    assertEquals(List.of(
        "Sorry, no agent could take the chat right now.",
        "Sorry, no agent could take the chat right now.",
        "Connecting you to an agent at Dixa…",
        "Sorry, no agent could take the chat right now.",
        "Connecting you to an agent at Salesforce…",
        "Alex joined",
        "Sorry, a message could not reach the agent.",
        "Sorry, the agent's chat was interrupted.",
        "Connecting you to an agent at Salesforce…",
        "Bea joined",
        "Sorry, the agent's chat was interrupted."), page.events().stream().map(WebElement::getText).toList());
    String shown = page.text();
    for (String technical : List.of("403", "expired", "connector", "handover failed", "connection")) {
      assertFalse(shown.contains(technical), technical + " is on screen: " + shown);
    }
    assertEquals("talking to the bot", page.element("status").getText());
  }

  /**
   * A message whose answer is lost stays with a "Retry"; the retry carries the same Idempotency-Key, so it is the
   * same message (one record, one id). While the service is down a message fails too, and once the widget is
   * connected again the error line goes (the message keeps its own "Retry").
   */
  @Test
  void aFailedMessageStaysWithARetryThatNeverDoublesItAndAReconnectClearsTheError() throws Exception {
    String id = page.openNewConversation(demoUrl());
    // The first answer is lost on the way back: the ingress wrote the message, the widget never heard.
    page.browser.executeScript("const real = window.fetch; let lost = false;"
        + "window.fetch = async (url, init) => { const r = await real(url, init);"
        + "if (!lost && String(url).endsWith('/messages')) { lost = true; throw new TypeError('Failed to fetch'); }"
        + "return r; };");
    page.element("text").sendKeys("where is my parcel");
    page.element("send").click();
    waitFor("the message failed", () -> !page.browser.findElements(By.cssSelector("li.pending.failed")).isEmpty());
    WebElement failed = page.browser.findElement(By.cssSelector("li.pending.failed"));
    assertEquals("Not sent.", failed.findElement(By.className("note")).getText().replace("Retry", "").trim());
    assertEquals("Your message could not be sent. Please check your connection and retry.",
        page.element("error").getText());
    page.screenshot("not-sent");
    String key = failed.getDomAttribute("data-idempotency-key");
    failed.findElement(By.className("retry")).click();
    waitFor("the retry is sent", () -> "sent".equals(failed.getDomAttribute("title")));
    assertEquals(key, failed.getDomAttribute("data-idempotency-key"));
    assertFalse(page.element("error").isDisplayed(), "sent: no error");
    ConsumerRecord<String, VisitorEvent> record =
        TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 1).get(0);
    assertEquals(failed.getDomAttribute("data-event-id"), record.value().getEventId(), "the retry is that message");
    log(id, record.value().getEventId(), Controller.bot, ConversationStatus.bot, record.value().getBody());
    waitFor("the message recorded once", () -> page.events().size() == 1
        && page.browser.findElements(By.cssSelector("li.pending")).isEmpty());

    int port = ingress.port();
    ingress.stop();
    waitFor("the widget sees the service gone", () -> !"connected".equals(page.status("connection")));
    page.element("text").sendKeys("are you there");
    page.element("send").click();
    waitFor("the message failed", () -> !page.browser.findElements(By.cssSelector("li.pending.failed")).isEmpty());
    assertTrue(page.element("error").isDisplayed());
    ingress = startIngress(port);
    waitFor("connected again", () -> "connected".equals(page.status("connection")));
    assertFalse(page.element("error").isDisplayed(), "the error of before the reconnect is gone");
    WebElement unsent = page.browser.findElement(By.cssSelector("li.pending.failed"));
    unsent.findElement(By.className("retry")).click();
    waitFor("the retry is sent", () -> "sent".equals(unsent.getDomAttribute("title")));
    List<ConsumerRecord<String, VisitorEvent>> all = TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 2);
    assertEquals(List.of("where is my parcel", "are you there"),
        all.stream().map(r -> ((VisitorMessage) r.value().getBody()).getText()).toList());
  }
}
