package io.baton.sandbox.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DixaApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private HelpdeskSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.dixaUrl() + path))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, DixaSimulator.DEFAULT_TOKEN);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return DixaSimulator.JSON.readTree(r.body());
  }

  @Test
  void escalationFlowEndUserImportTransferTagMessages() throws Exception {
    sandbox.dixa().rateLimit(false);
    assertEquals(0, json(call("GET", "/endusers?email=ann@example.com", null)).path("data").size());
    HttpResponse<String> created = call("POST", "/endusers", "{\"email\":\"ann@example.com\",\"displayName\":\"Ann\"}");
    assertEquals(201, created.statusCode());
    String user = json(created).path("data").path("id").asText();
    assertEquals(user,
        json(call("GET", "/endusers?email=ann@example.com", null)).path("data").get(0).path("id").asText());

    HttpResponse<String> imported = call("POST", "/conversations/import",
        "{\"genericChannelName\":\"genericapimessaging\","
            + "\"requesterId\":\"" + user
            + "\",\"externalId\":\"h-1\",\"messages\":[{\"content\":{\"value\":\"hi bot\","
            + "\"_type\":\"Text\"},\"_type\":\"Inbound\"}]}");
    assertEquals(201, imported.statusCode());
    long id = json(imported).path("data").path("id").asLong();
    HttpResponse<String> dup = call("POST", "/conversations/import", "{\"genericChannelName\":\"genericapimessaging\","
        + "\"requesterId\":\"" + user + "\",\"externalId\":\"h-1\",\"messages\":[]}");
    assertEquals(400, dup.statusCode());
    assertEquals("Duplicate externalId", json(dup).path("message").asText());

    assertEquals(404, call("PUT", "/conversations/" + id + "/transfer/queue", "{\"queueId\":\"nope\"}").statusCode());
    assertEquals(204, call("PUT", "/conversations/" + id + "/transfer/queue",
        "{\"queueId\":\"" + DixaSimulator.DEFAULT_QUEUE + "\"}").statusCode());
    assertEquals(204,
        call("POST", "/conversations/" + id + "/tags/bulk", "{\"data\":[{\"name\":\"vip\"}]}").statusCode());
    HttpResponse<String> tag = call("POST", "/tags", "{\"name\":\"billing\",\"color\":\"#fff\"}");
    assertEquals(201, tag.statusCode());
    assertEquals(204, call("PUT", "/conversations/" + id + "/tags/" + json(tag).path("data").path("id").asText(), null)
        .statusCode());
    assertEquals(200, call("POST", "/conversations/" + id + "/messages",
        "{\"content\":{\"value\":\"still there?\",\"_type\":\"Text\"},\"_type\":\"Inbound\"}").statusCode());

    DixaConversation c = sandbox.dixa().conversation(id).orElseThrow();
    assertEquals("pending", c.status());
    assertEquals(DixaSimulator.DEFAULT_QUEUE, c.queueId());
    assertEquals(List.of("vip", "billing"), c.tags());
    assertEquals(List.of("hi bot", "still there?"), c.messages().stream().map(DixaConversation.Message::text).toList());
    assertEquals(1, json(call("GET", "/endusers/" + user + "/conversations", null)).path("data").size());
  }

  @Test
  void errorsAreDixaShaped() throws Exception {
    HttpResponse<String> noAuth = call("GET", "/tags", null, null);
    assertEquals(401, noAuth.statusCode());
    assertEquals(401, call("GET", "/tags", null, "Bearer wrong").statusCode());
    assertEquals(200, call("GET", "/tags", null, "Bearer " + DixaSimulator.DEFAULT_TOKEN).statusCode());
    HttpResponse<String> bad = call("POST", "/endusers", "not json");
    assertEquals(400, bad.statusCode());
    assertEquals("Invalid value for: body", json(bad).path("message").asText());
    assertEquals(404, call("PUT", "/conversations/42/close", "{}").statusCode());
  }

  @Test
  void moreThanTheBurstAtOnceIsAnswered429() throws Exception {
    // 30 at once: with a burst of 4 refilled at 10/s, all of them could only pass if sending took ~2.6 s.
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox.dixaUrl() + "/queues"))
          .header("Authorization", DixaSimulator.DEFAULT_TOKEN).build(), HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int limited = 0;
    for (var call : calls) {
      HttpResponse<String> r = call.get();
      if (r.statusCode() == 200) {
        ok++;
      } else if (r.statusCode() == 429) {
        limited++;
        assertEquals("Too Many Requests", json(r).path("message").asText());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
      }
    }
    assertTrue(ok >= 4 && ok < 30, "burst 4, refilled at 10/s: " + ok);
    assertEquals(30, ok + limited);
    assertEquals(limited, sandbox.dixa().rateLimitedCount());
    sandbox.dixa().addToken("another", "org-2");
    assertEquals(200, call("GET", "/queues", null, "another").statusCode(), "the limit is per token");
  }

  @Test
  void webhooksAreSignedAndRetriedInOrder() throws Exception {
    sandbox.dixa().rateLimit(false);
    List<String> received = new CopyOnWriteArrayList<>();
    List<String> signatures = new CopyOnWriteArrayList<>();
    AtomicInteger refuse = new AtomicInteger(2);
    java.util.concurrent.BlockingQueue<Boolean> arrivals = new java.util.concurrent.LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(0), 0);
    receiver.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = refuse.getAndDecrement() > 0 ? 500 : 200;
      if (status == 200) {
        received.add(DixaSimulator.JSON.readTree(body).path("event_fqn").asText());
        signatures.add(ex.getRequestHeaders().getFirst("X-DIXA-SIGNATURE") + "|" + body);
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
      if (status == 200) {
        arrivals.add(true);
      }
    });
    receiver.start();
    try {
      HttpResponse<String> sub = call("POST", "/webhooks", "{\"name\":\"baton\",\"url\":\"http://localhost:"
          + receiver.getAddress().getPort() + "/hook\",\"events\":[\"CONVERSATION_CREATED\","
          + "\"CONVERSATION_ASSIGNED\",\"CONVERSATION_MESSAGE_ADDED\",\"CONVERSATION_CLOSED\"],"
          + "\"authorization\":{\"_type\":\"NoAuth\"}}");
      assertEquals(201, sub.statusCode());
      String secret = json(sub).path("data").path("secretKey").asText();
      String user = json(call("POST", "/endusers", "{\"email\":\"b@example.com\"}")).path("data").path("id").asText();
      long id = json(call("POST", "/conversations/import", "{\"genericChannelName\":\"genericapimessaging\","
          + "\"requesterId\":\"" + user + "\",\"messages\":[]}")).path("data").path("id").asLong();
      sandbox.dixa().assign(id, "Alex");
      sandbox.dixa().reply(id, "hello");
      sandbox.dixa().closeByAgent(id);
      for (int i = 0; i < 4; i++) {
        assertTrue(arrivals.poll(20, java.util.concurrent.TimeUnit.SECONDS) != null, "webhook " + i);
      }
      assertEquals(List.of("CONVERSATION_CREATED", "CONVERSATION_ASSIGNED", "CONVERSATION_MESSAGE_ADDED",
          "CONVERSATION_CLOSED"), received);
      for (String s : signatures) {
        String header = s.substring(0, s.indexOf('|'));
        String body = s.substring(s.indexOf('|') + 1);
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        assertEquals(DixaSimulator.signature(secret, t, body), header);
      }
      assertEquals(2, sandbox.dixa().deliveries().stream().filter(d -> d.status() == 500).count());
      JsonNode message = DixaSimulator.JSON.readTree(signatures.get(2).substring(signatures.get(2).indexOf('|') + 1));
      assertEquals("Member", message.path("data").path("author").path("user_type").asText());
      assertEquals("outbound", message.path("data").path("direction").asText());
      assertEquals(id, message.path("data").path("conversation").path("csid").asLong());
    } finally {
      receiver.stop(0);
    }
  }

  private HttpResponse<String> desk(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/desk/dixa/chats" + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAgentDrivesAConversationThroughTheDeskApi() throws Exception {
    sandbox.dixa().rateLimit(false);
    String user = json(call("POST", "/endusers", "{\"email\":\"c@example.com\",\"displayName\":\"Cleo\"}"))
        .path("data").path("id").asText();
    long id = json(call("POST", "/conversations", "{\"_type\":\"Chat\",\"requesterId\":\"" + user
        + "\",\"message\":{\"content\":{\"value\":\"hi\",\"_type\":\"Text\"},\"_type\":\"Inbound\"}}"))
        .path("data").path("id").asLong();
    assertEquals(400, call("POST", "/conversations", "{\"_type\":\"Fax\",\"requesterId\":\"" + user
        + "\",\"message\":{\"content\":{\"value\":\"hi\"}}}").statusCode());
    HttpResponse<String> early = desk("/" + id + "/messages", "{\"text\":\"too early\"}");
    assertEquals(409, early.statusCode(), "nobody has the conversation yet");
    assertEquals("application/problem+json", early.headers().firstValue("Content-Type").orElse(""));
    assertEquals(404, desk("/999/accept", "{}").statusCode());
    assertEquals(400, desk("/" + id + "/transfer", "{\"agentName\":\"Sam\"}").statusCode(), "Dixa has no transfer");
    JsonNode queued = json(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/desk/dixa/chats/"
        + id)).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals("QUEUED", queued.path("status").asText());
    assertEquals("Cleo", queued.path("visitorName").asText());
    assertEquals("c@example.com", queued.path("context").path("Email").asText());
    assertEquals("Kim", json(desk("/" + id + "/accept", "{\"agentName\":\"Kim\"}")).path("agentName").asText());
    assertEquals("Kim", sandbox.dixa().conversation(id).orElseThrow().assignee());
    assertEquals(200, desk("/" + id + "/typing", "{\"typing\":true}").statusCode());
    JsonNode replied = json(desk("/" + id + "/messages", "{\"text\":\"Kim here\"}"));
    assertEquals("agent", replied.path("transcript").get(1).path("from").asText());
    assertEquals("outbound", sandbox.dixa().conversation(id).orElseThrow().messages().get(1).direction());
    assertEquals("QUEUED", json(desk("/" + id + "/leave", "")).path("status").asText(), "unassigned, it waits again");
    assertEquals(null, sandbox.dixa().conversation(id).orElseThrow().assignee());
    desk("/" + id + "/accept", "{\"agentName\":\"Lee\"}");
    assertEquals("ENDED", json(desk("/" + id + "/end", "{}")).path("status").asText());
    assertEquals("closed", sandbox.dixa().conversation(id).orElseThrow().status());
    assertEquals(400, call("POST", "/conversations/" + id + "/messages",
        "{\"content\":{\"value\":\"late\",\"_type\":\"Text\"},\"_type\":\"Inbound\"}").statusCode());
  }

  @Test
  void failedAndLostAnswersComeFromTheKitsFaults() throws Exception {
    sandbox.dixa().rateLimit(false);
    sandbox.dixa().fail("endusers", 503, 1);
    assertEquals(503, call("POST", "/endusers", "{\"email\":\"d@example.com\"}").statusCode());
    assertEquals(0, sandbox.dixa().endUsers().size(), "a refused call changes nothing");
    String user = json(call("POST", "/endusers", "{\"email\":\"d@example.com\"}")).path("data").path("id").asText();
    sandbox.faults("dixa").loseNext("import", 1);
    HttpResponse<String> lost = call("POST", "/conversations/import", "{\"genericChannelName\":\"genericapimessaging\","
        + "\"requesterId\":\"" + user + "\",\"externalId\":\"x-1\",\"messages\":[]}");
    assertEquals(503, lost.statusCode());
    assertEquals("Service Unavailable", json(lost).path("message").asText());
    assertEquals(1, sandbox.dixa().conversations().size(), "carried out all the same");
  }
}
