package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's "done when": {@code ./baton up} after a clean stop (Ctrl-C) and after a crash (kill -9) serves again within
 * seconds of its launch (a widget visitor who asks for a human is queued at the helpdesk; see {@link #SERVING_WITHIN}),
 * a Ctrl-C stops the stack within seconds, and a healthy start prints nothing but the banner.
 */
class StackRestartTest {
  /**
   * Launched to serving: the goal is 10 s (4 to 8 s measured on a quiet 2-core machine; printed by each run).
   * Asserted with room for a loaded CI machine (the suite never fails on a timing alone), yet well under the 45 s a
   * member left in its group by a crash or an unclean close keeps its partitions, the failure this test is for.
   */
  static final Duration SERVING_WITHIN = Duration.ofSeconds(25);
  static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);
  /** A log line of the stack's logging configuration ({@code HH:mm:ss.SSS [thread] LEVEL logger - text}). */
  static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[");

  /** What the demo widget sends when its visitor asks for a human (its context: name and page properties). */
  static final String VISITOR_ASKS_FOR_A_HUMAN = """
      {"text": "human please", "context": {"name": "Ada", "pageProperties": {"userAgent": "StackRestartTest",
       "screenRes": "1280x800", "url": "http://localhost/demo/"}}}""";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  // Not under the OS's temp directory: Kafka Streams warns about a state directory there, which ./baton up never has.
  private final Path home = Path.of("target", "stack-restart-" + UUID.randomUUID()).toAbsolutePath();

  @AfterEach
  void removeHome() throws Exception {
    if (Files.exists(home)) {
      try (var paths = Files.walk(home)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void servesWithinSecondsAfterACleanStopAndAfterACrashAndAStopTakesSeconds() throws Exception {
    Map<String, String> env = StackProcess.environment(home);
    try (StackProcess first = StackProcess.launch(env)) {
      first.awaitUp(Duration.ofSeconds(90)); // the first start formats Kafka's storage and creates every topic
      assertQuiet(first);
      long stopping = System.nanoTime();
      first.interrupt();
      assertEquals(CtrlC.EXIT_STATUS, first.awaitExit(STOPPED_WITHIN), first.output());
      Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
      assertTrue(first.lines().stream().noneMatch(l -> l.contains("abandoned")), first.output());
      System.out.println("stop after Ctrl-C: " + stop.toMillis() + " ms");
    }
    try (StackProcess afterStop = StackProcess.launch(env)) {
      Duration serving = awaitServing(afterStop);
      System.out.println("serving after a clean stop: " + serving.toMillis() + " ms");
      assertQuiet(afterStop);
      assertTrue(serving.compareTo(SERVING_WITHIN) <= 0, "served " + serving + " after its launch");
      afterStop.kill();
    }
    try (StackProcess afterCrash = StackProcess.launch(env)) {
      Duration serving = awaitServing(afterCrash);
      System.out.println("serving after a crash: " + serving.toMillis() + " ms");
      assertTrue(serving.compareTo(SERVING_WITHIN) <= 0, "served " + serving + " after its launch");
    }
  }

  /**
   * The demo widget's flow on a new conversation: a widget token from the dev endpoint, the event stream, the visitor
   * asks for a human; done when the widget shows the chat queued at the helpdesk (Salesforce, the sandbox's). Gives
   * the time from the stack's launch.
   */
  private Duration awaitServing(StackProcess stack) throws Exception {
    stack.awaitUp(SERVING_WITHIN.multipliedBy(3)); // the bound is asserted on serving, with a telling message
    String conversation = "restart-" + UUID.randomUUID();
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    String token = json.readTree(minted.body()).get("token").asText();
    try (SseClient widget = new SseClient(stack.ingressUrl() + "/v1/conversations/" + conversation
        + "/events?access_token=" + token, null)) {
      assertEquals(200, widget.status());
      HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl()
          + "/v1/conversations/" + conversation + "/messages")).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString(VISITOR_ASKS_FOR_A_HUMAN)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, sent.statusCode(), sent.body());
      Eventually.until(SERVING_WITHIN.multipliedBy(3), "the visitor queued at the helpdesk; the stack's output:\n"
          + stack.output(), () -> widget.frames().stream().anyMatch(f -> f.event().equals("chat.queued")));
      return stack.sinceLaunch();
    }
  }

  /** Up to the banner, nothing was logged: no warning, no error, no stack trace, not even an information. */
  private static void assertQuiet(StackProcess stack) {
    List<String> lines = stack.lines();
    List<String> logged = lines.stream()
        .filter(l -> LOG_LINE.matcher(l).find() || l.startsWith("\tat ") || l.contains("Exception")).toList();
    assertEquals(List.of(), logged, "a healthy start prints the banner only; it printed:\n" + stack.output());
  }
}
