package io.baton.sandbox.miaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MIAW simulator over HTTP, as a visitor client and the agent use it. */
class MiawApiTest {
  static HelpdeskSandbox sandbox;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String token() throws Exception {
    HttpResponse<String> r = send("POST", "/iamessage/api/v2/authorization/unauthenticated/access-token", null,
        "{\"orgId\":\"00D\",\"esDeveloperName\":\"Web_Chat\",\"capabilitiesVersion\":\"1\",\"platform\":\"Web\"}");
    assertEquals(200, r.statusCode(), r.body());
    return MiawSimulator.read(r.body()).get("accessToken").asText();
  }

  /** An SSE reader: each event as "id type data". */
  static final class Stream1 {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    Stream1(String token, String lastEventId) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/eventrouter/v1/sse"))
          .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).header("X-Org-Id", "00D");
      if (lastEventId != null) {
        b.header("Last-Event-Id", lastEventId);
      }
      response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
      response.thenAcceptAsync(r -> {
        List<String> current = new ArrayList<>();
        r.body().forEach(line -> {
          if (line.isEmpty()) {
            if (!current.isEmpty()) {
              events.add(String.join(" ", current));
              current.clear();
            }
          } else {
            current.add(line.substring(line.indexOf(':') + 1).trim());
          }
        });
      });
    }

    void await(int count) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (events.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + count + " events, got " + events);
        }
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void aConversationFromTokenToCloseWithResumableEvents() throws Exception {
    String token = token();
    Stream1 stream = new Stream1(token, null);
    String id = UUID.randomUUID().toString();
    HttpResponse<String> created = send("POST", "/iamessage/api/v2/conversation", token,
        "{\"conversationId\":\"" + id
            + "\",\"esDeveloperName\":\"Web_Chat\",\"routingAttributes\":{\"email\":\"a@b.c\"}}");
    assertEquals(201, created.statusCode(), created.body());
    stream.await(1);
    assertTrue(stream.events.get(0).startsWith("1 CONVERSATION_ROUTING_RESULT"), stream.events.get(0));
    assertEquals("a@b.c", sandbox.miaw().conversation(id).orElseThrow().routingAttributes().get("email"));

    sandbox.miaw().accept(id, "Alex");
    String message = "{\"message\":{\"id\":\"m-1\",\"messageType\":\"StaticContentMessage\","
        + "\"staticContent\":{\"formatType\":\"Text\",\"text\":\"hello\"}},\"esDeveloperName\":\"Web_Chat\"}";
    assertEquals(202, send("POST", "/iamessage/api/v2/conversation/" + id + "/message", token, message).statusCode());
    assertEquals(202, send("POST", "/iamessage/api/v2/conversation/" + id + "/message", token, message).statusCode(),
        "a message id seen before is accepted and dropped");
    assertEquals(202, send("POST", "/iamessage/api/v2/conversation/" + id + "/entry", token,
        "{\"entryType\":\"TypingStartedIndicator\",\"id\":\"t-1\"}").statusCode());
    assertTrue(sandbox.miaw().conversation(id).orElseThrow().visitorTyping());
    sandbox.miaw().agentSays(id, "hi there");
    stream.await(4);
    assertTrue(stream.events.get(1).startsWith("2 CONVERSATION_PARTICIPANT_CHANGED"));
    assertTrue(stream.events.get(2).startsWith("3 CONVERSATION_MESSAGE"));
    JsonNode agentEntry = MiawSimulator.read(stream.events.get(3).split(" ", 3)[2]).get("conversationEntry");
    assertEquals("Agent", agentEntry.path("sender").path("role").asText());
    assertEquals("hi there", MiawSimulator.read(agentEntry.path("entryPayload").asText())
        .path("abstractMessage").path("staticContent").path("text").asText());
    assertEquals(List.of(new MiawSimulator.Line("visitor", "hello"), new MiawSimulator.Line("agent", "hi there")),
        sandbox.miaw().conversation(id).orElseThrow().transcript());

    sandbox.miaw().dropStreams();
    sandbox.miaw().agentSays(id, "while away");
    Stream1 resumed = new Stream1(token, "4");
    resumed.await(1);
    assertTrue(resumed.events.get(0).startsWith("5 CONVERSATION_MESSAGE"), "only what was missed: " + resumed.events);

    assertEquals(204, send("DELETE", "/iamessage/api/v2/conversation/" + id + "?esDeveloperName=Web_Chat", token, null)
        .statusCode());
    resumed.await(2);
    assertTrue(resumed.events.get(1).startsWith("6 CONVERSATION_CLOSE_CONVERSATION"));
    assertEquals(MiawSimulator.Status.CLOSED, sandbox.miaw().conversation(id).orElseThrow().status());
  }

  @Test
  void badRequestsAreRefusedWithProblems() throws Exception {
    String token = token();
    HttpResponse<String> upper = send("POST", "/iamessage/api/v2/conversation", token,
        "{\"conversationId\":\"" + UUID.randomUUID().toString().toUpperCase() + "\",\"esDeveloperName\":\"Web_Chat\"}");
    assertEquals(400, upper.statusCode());
    assertEquals("application/problem+json", upper.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(401, send("POST", "/iamessage/api/v2/conversation", "forged",
        "{\"conversationId\":\"" + UUID.randomUUID() + "\",\"esDeveloperName\":\"Web_Chat\"}").statusCode());
    assertEquals(404, send("DELETE", "/iamessage/api/v2/conversation/" + UUID.randomUUID(), token, null).statusCode());
    HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/eventrouter/v1/sse"))
        .header("Authorization", "Bearer forged").header("X-Org-Id", "00D").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, sse.statusCode());
  }

  @Test
  void theAgentLeavesAndTheConversationIsRoutedAgainThroughTheDesk() throws Exception {
    String token = token();
    Stream1 stream = new Stream1(token, null);
    String id = UUID.randomUUID().toString();
    assertEquals(201, send("POST", "/iamessage/api/v2/conversation", token, "{\"conversationId\":\"" + id
        + "\",\"esDeveloperName\":\"Web_Chat\",\"routingAttributes\":{\"visitorName\":\"Mia\"}}").statusCode());
    var desk = sandbox.desk("miaw");
    assertEquals("Mia", desk.chat(id).orElseThrow().visitorName());
    assertEquals("Mia", desk.chat(id).orElseThrow().context().get("visitorName"));
    HttpResponse<String> accepted = send("POST", "/sandbox/desk/miaw/chats/" + id + "/accept", null,
        "{\"agentName\":\"Alex\"}");
    assertEquals("ACTIVE", MiawSimulator.read(accepted.body()).path("status").asText());
    HttpResponse<String> left = send("POST", "/sandbox/desk/miaw/chats/" + id + "/leave", null, "");
    assertEquals(200, left.statusCode(), left.body());
    assertEquals("QUEUED", MiawSimulator.read(left.body()).path("status").asText());
    stream.await(3);
    JsonNode removed = MiawSimulator.read(stream.events.get(2).split(" ", 3)[2]);
    assertTrue(stream.events.get(2).startsWith("3 CONVERSATION_PARTICIPANT_CHANGED"), stream.events.get(2));
    assertEquals("remove", MiawSimulator.read(removed.path("conversationEntry").path("entryPayload").asText())
        .path("entries").get(0).path("operation").asText());
    assertEquals(MiawSimulator.Status.ROUTING, sandbox.miaw().conversation(id).orElseThrow().status());
    assertEquals(409, send("POST", "/sandbox/desk/miaw/chats/" + id + "/messages", null, "{\"text\":\"hi\"}")
        .statusCode(), "nobody has it");
    assertEquals(409, send("POST", "/sandbox/desk/miaw/chats/" + id + "/transfer", null, "{\"agentName\":\"Sam\"}")
        .statusCode(), "nobody has it to transfer");
  }
}
