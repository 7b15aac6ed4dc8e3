package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.sandbox.liveagent.LiveAgentSimulator;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.HeadlessChromium;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo as a newcomer walks it: the whole local stack started in this JVM (on the test broker), the demo page in
 * headless Chromium, and for every platform the build has: the visitor taps its quick reply, sees the queue and which
 * helpdesk serves, an agent accepts on the sandbox's desk and replies, the visitor answers, the agent ends the chat,
 * and the bot says once that the visitor is back. One stack, one browser, one conversation through all of them.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DemoWalkBrowserTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** A helpdesk as the visitor picks it, as the sandbox's desk names it, and as the widget's header names it. */
  record Helpdesk(String quickReply, String desk, String shownAs) {}

  static final List<Helpdesk> EVERY_PLATFORM = List.of(
      new Helpdesk("Talk to a human", LiveAgentSimulator.NAME, "Salesforce"),
      new Helpdesk("Enhanced Chat", MiawSimulator.NAME, "Salesforce Enhanced Chat"),
      new Helpdesk("Zendesk", SuncoSimulator.NAME, "Zendesk"),
      new Helpdesk("Dixa", DixaSimulator.NAME, "Dixa"),
      new Helpdesk("Chat2Desk", Chat2DeskSimulator.NAME, "Chat2Desk"),
      new Helpdesk("Kustomer", KustomerSimulator.NAME, "Kustomer"),
      new Helpdesk("Freshchat", FreshchatSimulator.NAME, "Freshchat"),
      new Helpdesk("Gorgias", GorgiasSimulator.NAME, "Gorgias"),
      new Helpdesk("Oracle", OracleChatSimulator.NAME, "Oracle B2C Service"));

  @TempDir
  static Path home;
  static HelpdeskSandbox sandbox;
  static LocalStack stack;
  static HeadlessChromium chromium;
  static ChromeDriver browser;
  static SandboxDesk desk;
  static double startSeconds;

  @BeforeAll
  static void start(KafkaBroker kafka) throws IOException {
    BatonUnderTest.skipEarlierConversations(KafkaSettings.of(kafka.bootstrapServers()));
    // The helpdesks as an outside service (BATON_SANDBOX_URL); a stack that starts its own sandbox (SANDBOX_PORT:
    // any free port) leaves this one idle.
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    Map<String, String> env = new HashMap<>(Map.of("BATON_HOME", home.toString(), "BATON_KAFKA_BOOTSTRAP",
        kafka.bootstrapServers(), "BATON_INGRESS_PORT", "0", "SANDBOX_PORT", "0", "BATON_SANDBOX_URL",
        sandbox.baseUrl()));
    // The webhook ports are told to the helpdesks before their servers listen: they need their numbers up front.
    for (String port : List.of("BATON_DIXA_WEBHOOK_PORT", "BATON_ZENDESK_WEBHOOK_PORT",
        "BATON_CHAT2DESK_WEBHOOK_PORT", "BATON_MISC_WEBHOOK_PORT")) {
      env.put(port, Integer.toString(freePort()));
    }
    long t0 = System.nanoTime();
    stack = LocalStack.start(env);
    startSeconds = (System.nanoTime() - t0) / 1e9;
    desk = new SandboxDesk(stack.sandboxUrl());
    chromium = HeadlessChromium.start(1000, 900);
    browser = chromium.browser();
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (stack != null) {
      stack.stop();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aVisitorWalksTheDemoThroughEveryPlatform() {
    long t0 = System.nanoTime();
    browser.get(stack.ingressUrl() + "/demo/");
    waitFor("the stream is connected", () -> "connected".equals(status().getDomAttribute("data-connection")));
    WebElement name = browser.findElement(By.id("name"));
    name.clear();
    name.sendKeys("Ada");
    write("hello");
    waitFor("the bot's greeting with the helpdesks", () -> !quickReplies().isEmpty());
    assertEquals(EVERY_PLATFORM.stream().map(Helpdesk::quickReply).toList(),
        quickReplies().stream().map(WebElement::getText).toList(), "every platform the build has");

    int round = 0;
    for (Helpdesk helpdesk : EVERY_PLATFORM) {
      round++;
      walk(helpdesk, round);
    }
    // A helpdesk that cannot take the chat: Oracle's site with no agent online. The visitor reads plain words only.
    desk.oracleAgentsOnline(0);
    int shown = events().size();
    quickReplies().stream().filter(b -> b.getText().equals("Oracle")).findFirst().orElseThrow().click();
    waitFor("back with the bot after the failed handover", () -> botSaid(DemoBot.BACK) == EVERY_PLATFORM.size() + 1);
    assertEquals(List.of("You\nOracle", "Bot\nLet me find you a human. One moment…",
        "Connecting you to an agent at Oracle B2C Service…", "Sorry, no agent could take the chat right now.",
        "Bot\n" + DemoBot.BACK + "\n"
            + String.join("\n", EVERY_PLATFORM.stream().map(Helpdesk::quickReply).toList())),
        events().subList(shown, events().size()).stream().map(WebElement::getText).toList());

    write("thanks");
    waitFor("the bot's answer after the last chat", () -> botSaid(
        "I am only a demo bot, so I cannot help with \"thanks\". Type \"human\" to talk to an agent.") == 1);
    assertEquals(EVERY_PLATFORM.size() + 1, botSaid(DemoBot.BACK), "back with the bot once per chat");
    assertEquals(EVERY_PLATFORM.size() + 1, count("back with the bot"), "and the widget does not say it again");
    System.out.printf("DemoWalkBrowserTest: the stack started in %.1f s, %d platforms walked in %.1f s%n",
        startSeconds, EVERY_PLATFORM.size(), (System.nanoTime() - t0) / 1e9);
  }

  /** One platform, from the visitor's tap to the bot being back. */
  private static void walk(Helpdesk helpdesk, int round) {
    String platform = helpdesk.shownAs();
    Set<String> earlier = desk.chats(helpdesk.desk()).stream().map(c -> c.path("id").asText())
        .collect(Collectors.toSet());
    String queued = queueSequence();
    quickReplies().stream().filter(b -> b.getText().equals(helpdesk.quickReply())).findFirst()
        .orElseThrow(() -> new AssertionError("no quick reply " + helpdesk.quickReply())).click();
    waitFor("connected to " + platform, () -> ("Connected to " + platform).equals(text("helpdesk")));
    JsonNode[] chat = new JsonNode[1];
    waitFor("the chat waiting on the " + helpdesk.desk() + " desk", () -> desk.chats(helpdesk.desk()).stream()
        .filter(c -> !earlier.contains(c.path("id").asText()) && c.path("status").asText().equals("QUEUED"))
        .findFirst().map(c -> chat[0] = c).isPresent());
    String id = chat[0].path("id").asText();
    // The queue line shows while the chat waits; Chat2Desk's group may give it to an operator at once, so the line
    // is checked by the queue event it rendered (its sequence), then for being said once when it shows.
    waitFor(platform + "'s queue in the widget", () -> !queued.equals(queueSequence()));
    WebElement queue = browser.findElement(By.id("queue"));
    assertEquals(queue.isDisplayed() ? 1 : 0, count("Waiting in the queue"), platform);

    // Zendesk's messaging says nothing of an agent until their first message: the reply comes right after accepting.
    desk.accept(helpdesk.desk(), id, "Alex");
    String reply = "Hi Ada, Alex at " + platform + " here.";
    desk.say(helpdesk.desk(), id, reply);
    waitFor(platform + "'s agent reply in the widget", () -> lastText("agent.message").equals(reply));
    assertEquals("talking to Alex", status().getText(), platform);
    assertEquals("Connected to " + platform, text("helpdesk"));
    screenshot("walk-" + round + "-" + helpdesk.desk());
    String answer = "thanks, " + platform;
    write(answer);
    waitFor("the visitor's answer at " + platform, () -> desk.lines(helpdesk.desk(), id).contains("visitor: "
        + answer));
    desk.end(helpdesk.desk(), id);
    waitFor("back with the bot after " + platform, () -> botSaid(DemoBot.BACK) == round);
    assertEquals("Alex ended the chat.", lastText("chat.ended"), platform);
    assertEquals("talking to the bot", status().getText(), platform);
    assertFalse(browser.findElement(By.id("helpdesk")).isDisplayed(), "no helpdesk serves after " + platform);
  }

  /** What the visitor saw, under target/screenshots, to look at when the walk fails. */
  private static void screenshot(String name) {
    try {
      Path file = Path.of("target", "screenshots", name + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void waitFor(String what, BooleanSupplier condition) {
    Eventually.until(PATIENCE, what, condition);
  }

  private static void write(String text) {
    browser.findElement(By.id("text")).sendKeys(text);
    browser.findElement(By.id("send")).click();
  }

  private static WebElement status() {
    return browser.findElement(By.id("status"));
  }

  /** The sequence of the last queue event the widget rendered ('' before any). */
  private static String queueSequence() {
    String sequence = browser.findElement(By.id("queue")).getDomAttribute("data-sequence");
    return sequence == null ? "" : sequence;
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static List<WebElement> events() {
    return browser.findElements(By.cssSelector("#messages li.event"));
  }

  /** The buttons under the bot's newest message. */
  private static List<WebElement> quickReplies() {
    List<WebElement> bot = browser.findElements(By.cssSelector("#messages li[data-type='bot.message']"));
    return bot.isEmpty() ? List.of() : bot.get(bot.size() - 1).findElements(By.cssSelector(".quick-replies button"));
  }

  /** The text of the newest event of that type ('' when none): a message's words, a line's whole text. */
  private static String lastText(String type) {
    List<WebElement> all = browser.findElements(By.cssSelector("#messages li[data-type='" + type + "']"));
    if (all.isEmpty()) {
      return "";
    }
    WebElement last = all.get(all.size() - 1);
    List<WebElement> words = last.findElements(By.className("text"));
    return words.isEmpty() ? last.getText() : words.get(0).getText();
  }

  /** How many of the bot's messages say exactly {@code text}. */
  private static long botSaid(String text) {
    return browser.findElements(By.cssSelector("#messages li[data-type='bot.message'] .text")).stream()
        .filter(t -> t.getText().equals(text)).count();
  }

  /** How often the page shows {@code phrase}. */
  private static int count(String phrase) {
    String page = browser.findElement(By.tagName("body")).getText();
    return page.split(java.util.regex.Pattern.quote(phrase), -1).length - 1;
  }
}
