package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.baton.events.EndedBy;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The demo widget in a real headless Chromium (Debian's chromium and chromium-driver; the driver path is set, so
 * Selenium Manager downloads nothing): it gets a widget token, sends a message that lands on conversation.inputs.v1, and
 * renders what the router would write to the conversation log: bot reply with buttons, queue position and wait,
 * agent joined, typing, messages with attachments, transfer, the end and control back to the bot.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DemoWidgetBrowserTest {
  static KafkaBroker kafka;
  static IngressService ingress;
  static KafkaProducer<String, ConversationEvent> producer;
  static ChromeDriverService driverService;
  static WebDriver browser;
  static Path profile;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    kafka = broker;
    ingress = new IngressService(TestKeys.config().withSecurity(TestKeys.security().withDevTenant("demo")),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("browser-test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
    profile = Files.createTempDirectory("baton-chromium-");
    driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    browser = new ChromeDriver(driverService, options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    producer.close();
    ingress.stop();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  static final AtomicLong sequence = new AtomicLong();

  static void log(String id, String causation, Controller controller, ConversationStatus status, Object body)
      throws Exception {
    long seq = sequence.incrementAndGet();
    ConversationEvent e = ConversationEvent.newBuilder().setEventId("e" + seq).setOccurredAt(Instant.now())
        .setTenant("demo").setConversationId(id).setSequence(seq).setCausationId(causation).setController(controller)
        .setStatus(status).setHandoverId(status == ConversationStatus.bot ? null : "h1")
        .setPlatform(status == ConversationStatus.bot ? null : Platform.salesforce).setBody(body).build();
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "demo/" + id, e)).get();
  }

  static void waitFor(String what, java.util.function.BooleanSupplier condition) {
    Eventually.until(Duration.ofSeconds(20), what, condition);
  }

  static List<WebElement> events() {
    return browser.findElements(By.cssSelector("#messages li.event"));
  }

  static WebElement last() {
    List<WebElement> all = events();
    return all.get(all.size() - 1);
  }

  static String status(String attribute) {
    return browser.findElement(By.id("status")).getDomAttribute("data-" + attribute);
  }

  @Test
  void theWidgetShowsAWholeHandoverAsItHappens() throws Exception {
    browser.get("http://localhost:" + ingress.port() + "/demo/");
    waitFor("the stream is connected", () -> "connected".equals(status("connection")));
    String id = browser.findElement(By.id("conversation-id")).getText();
    assertTrue(id.startsWith("demo-"), id);

    browser.findElement(By.id("text")).sendKeys("I need a human");
    browser.findElement(By.id("send")).click();
    List<org.apache.kafka.clients.consumer.ConsumerRecord<String, VisitorEvent>> sent =
        TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 1);
    VisitorEvent visitor = sent.get(0).value();
    assertEquals("I need a human", ((VisitorMessage) visitor.getBody()).getText());
    assertEquals("Visitor", visitor.getContext().getName());

    // what the router writes, one step after another, each checked on screen
    log(id, visitor.getEventId(), Controller.bot, ConversationStatus.bot, visitor.getBody());
    waitFor("the sent message is confirmed", () -> browser.findElements(By.cssSelector("#messages li.pending"))
        .isEmpty() && events().size() == 1);
    log(id, "b1", Controller.bot, ConversationStatus.bot, new BotMessage("Shall I connect you?",
        List.of(new QuickReply("Yes", "yes")), List.of()));
    waitFor("the bot's buttons", () -> !browser.findElements(By.cssSelector(".quick-replies button")).isEmpty());
    assertEquals("Yes", browser.findElement(By.cssSelector(".quick-replies button")).getText());

    log(id, "h1", Controller.bot, ConversationStatus.handover_requested, new HandoverStarted(Platform.salesforce,
        null));
    log(id, "q1", Controller.bot, ConversationStatus.queued, new ChatQueued(3, 90));
    waitFor("the queue position", () -> browser.findElement(By.id("queue")).isDisplayed());
    WebElement queue = browser.findElement(By.id("queue"));
    assertEquals("waiting in queue: position 3, about 90 s", queue.getText());
    assertEquals("3", queue.getDomAttribute("data-position"));
    assertEquals("90", queue.getDomAttribute("data-wait"));

    log(id, "a1", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Alex", "005"));
    waitFor("the agent joined", () -> "agent".equals(status("controller")));
    assertEquals("Alex joined", last().getText());
    assertTrue(!browser.findElement(By.id("queue")).isDisplayed(), "the queue line goes once an agent is there");
    assertEquals("talking to Alex", browser.findElement(By.id("status")).getText());

    log(id, "a2", Controller.agent, ConversationStatus.agent_connected, new AgentTyping(true));
    waitFor("the agent is typing", () -> browser.findElement(By.id("typing")).isDisplayed());
    assertEquals("Alex is typing…", browser.findElement(By.id("typing")).getText());

    log(id, "a3", Controller.agent, ConversationStatus.agent_connected, new AgentMessage("Here is your invoice",
        "Alex", List.of(new Attachment("https://files.example/invoice.pdf", "invoice.pdf", "application/pdf",
            20480L), new Attachment("javascript:alert(1)", "trap.txt", "text/plain", 1L))));
    waitFor("the agent's message", () -> "agent.message".equals(last().getDomAttribute("data-type")));
    assertTrue(!browser.findElement(By.id("typing")).isDisplayed(), "typing stops with the message");
    List<WebElement> links = last().findElements(By.cssSelector("a.attachment"));
    assertEquals(2, links.size());
    assertEquals("📎 invoice.pdf (20 KB)", links.get(0).getText());
    assertEquals("https://files.example/invoice.pdf", links.get(0).getDomAttribute("href"));
    assertEquals(null, links.get(1).getDomAttribute("href"), "a javascript: URL is never a link");

    log(id, "a4", Controller.agent, ConversationStatus.agent_connected, new ChatTransferred("Bea", "006"));
    waitFor("the transfer", () -> "chat.transferred".equals(last().getDomAttribute("data-type")));
    assertEquals("transferred to Bea", last().getText());

    log(id, "a5", Controller.bot, ConversationStatus.bot, new ChatEnded(EndedBy.agent, "solved"));
    log(id, "r1", Controller.bot, ConversationStatus.bot, new ControlReturnedToBot("chat ended"));
    waitFor("control is back with the bot", () -> "control.returned".equals(last().getDomAttribute("data-type")));
    assertEquals("bot", status("controller"));
    assertEquals("talking to the bot", browser.findElement(By.id("status")).getText());
    assertEquals(List.of("visitor.message", "bot.message", "handover.started", "chat.queued", "agent.joined",
        "agent.message", "chat.transferred", "chat.ended", "control.returned"),
        events().stream().map(e -> e.getDomAttribute("data-type")).toList());

    // a reload resumes the same conversation from its log, without repeating anything
    browser.navigate().refresh();
    waitFor("the reloaded widget replays the log", () -> events().size() == 9
        && "connected".equals(status("connection")));
    assertEquals(id, browser.findElement(By.id("conversation-id")).getText());
  }
}
