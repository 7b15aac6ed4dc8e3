package io.baton.connector.zendesk.sunco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.OpenApiContract;
import io.baton.sandbox.sunco.SuncoJournal;
import io.baton.sandbox.sunco.SuncoSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Baton's "already posted?" checks read back through more than one page of a conversation's messages (the API
 * answers 100 at a time, the latest first): against the sandbox's SunCo, without a broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuncoHistoryTest {
  private HelpdeskSandbox sandbox;
  private SuncoClient client;
  private PlatformCalls calls;
  private SuncoAccount account;

  @BeforeAll
  void start() {
    // The test writes hundreds of messages at once: the sandbox's rate limit is not what is tested here.
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0),
        io.baton.sandbox.sunco.SuncoSettings.defaults().withRateLimit(100_000, 100_000));
    client = new SuncoClient(sandbox.zendeskUrl(), Duration.ofSeconds(5));
    calls = new PlatformCalls(PlatformCalls.Limits.defaults());
    account = SuncoAccount.of("history", SuncoSeeds.settings("unused"), SuncoSeeds.secrets());
  }

  @AfterAll
  void stop() {
    calls.close();
    client.close();
    sandbox.close();
  }

  @Test
  void aCommandPostedBeforeMoreThanAPageOfMessagesIsFound() {
    String[] c = conversation();
    post(c[0], "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"older bot line\"},"
        + "\"metadata\":{\"baton.origin\":\"baton\",\"baton.command\":\"cmd-0\"}}");
    post(c[0], "{\"author\":{\"type\":\"business\"},\"content\":{\"type\":\"text\",\"text\":\"bot line\"},"
        + "\"metadata\":{\"baton.origin\":\"baton\",\"baton.command\":\"cmd-1\"}}");
    for (int i = 0; i < 150; i++) {
      post(c[0], user(c[1], "user line " + i));
    }
    SuncoMessages messages = new SuncoMessages(client, calls);
    List<String> posted = messages.postedBy(account, c[0], SuncoMessages.COMMAND).join();
    assertTrue(posted.contains("cmd-1"), "Baton's latest post, 150 messages back, is found: " + posted);
    assertEquals(2, pagesRead(c[0]), "read back to Baton's latest post, no further");
    assertEquals(List.of(), violations());
  }

  @Test
  void aTranscriptPartlyPostedBeforeACrashIsCompletedWithoutDoubles() {
    String[] c = conversation();
    List<TranscriptEntry> entries = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      entries.add(new TranscriptEntry(i % 2 == 0 ? TranscriptRole.visitor : TranscriptRole.bot, "line " + i,
          Instant.EPOCH.plusSeconds(i)));
    }
    // A crash after 120 of the entries went in (more than a page).
    for (int i = 0; i < 120; i++) {
      String author = i % 2 == 0 ? "{\"type\":\"user\",\"userId\":\"" + c[1] + "\"}" : "{\"type\":\"business\"}";
      post(c[0], "{\"author\":" + author + ",\"content\":{\"type\":\"text\",\"text\":\"line " + i + "\"},"
          + "\"metadata\":{\"baton.origin\":\"baton\",\"baton.entry\":\"h-1#" + i + "\"}}");
    }
    String firstId = messagesOf(c[0]).get(0).path("id").asText();
    SuncoChat chat = new SuncoChat("history");
    chat.conversationId = c[0];
    chat.userId = c[1];
    String first = new SuncoEscalation(client, calls, new SuncoMessages(client, calls))
        .transcript(account, chat, "h-1", entries).join();
    List<JsonNode> all = messagesOf(c[0]);
    assertEquals(130, all.size(), "the 10 missing entries, each once");
    for (int i = 0; i < 130; i++) {
      assertEquals("h-1#" + i, all.get(i).path("metadata").path("baton.entry").asText());
    }
    assertEquals(firstId, first, "the first entry's message, found on an older page");
  }

  /** A user and a conversation of theirs: {conversationId, userId}. */
  private String[] conversation() {
    String user = call("POST", "/users", "{\"externalId\":\"h-" + UUID.randomUUID() + "\"}").path("user").path("id")
        .asText();
    String conversation = call("POST", "/conversations", "{\"type\":\"personal\",\"participants\":[{\"userId\":\""
        + user + "\"}]}").path("conversation").path("id").asText();
    return new String[] {conversation, user};
  }

  private static String user(String userId, String text) {
    return "{\"author\":{\"type\":\"user\",\"userId\":\"" + userId + "\"},\"content\":{\"type\":\"text\",\"text\":\""
        + text + "\"}}";
  }

  private void post(String conversation, String body) {
    call("POST", "/conversations/" + conversation + "/messages", body);
  }

  /** Every message of the conversation, oldest first, as the sandbox holds them. */
  private List<JsonNode> messagesOf(String conversation) {
    List<JsonNode> all = new ArrayList<>();
    String before = null;
    do {
      JsonNode page = call("GET", "/conversations/" + conversation + "/messages"
          + (before == null ? "" : "?page%5Bbefore%5D=" + before), null);
      List<JsonNode> these = new ArrayList<>();
      page.path("messages").forEach(these::add);
      all.addAll(0, these);
      before = page.path("meta").path("hasMore").asBoolean() ? page.path("meta").path("beforeCursor").asText() : null;
    } while (before != null);
    return all;
  }

  private long pagesRead(String conversation) {
    return sandbox.sunco().journal().requests().stream().filter(r -> r.operation().equals("ListMessages")
        && r.path().contains(conversation)).count();
  }

  private List<String> violations() {
    OpenApiContract spec = OpenApiContract.sunco();
    List<String> found = new ArrayList<>();
    for (SuncoJournal.Request r : sandbox.sunco().journal().requests()) {
      if (r.status() / 100 == 2) {
        spec.checkRequest(r.method(), r.path(), r.query(), r.body()).forEach(v -> found.add(r.path() + ": " + v));
      }
    }
    return found;
  }

  private JsonNode call(String method, String path, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.zendeskUrl() + "/sc/v2/apps/"
          + SuncoSimulator.APP_ID + path)).header("Authorization", SuncoSeeds.BASIC)
          .header("Content-Type", "application/json").method(method, body == null
              ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> r = SuncoSeeds.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return SuncoClient.JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
