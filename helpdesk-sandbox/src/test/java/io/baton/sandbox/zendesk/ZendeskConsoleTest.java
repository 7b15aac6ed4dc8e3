package io.baton.sandbox.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's side in the sandbox: the shared desk API and the console's Support routes. */
class ZendeskConsoleTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static HelpdeskSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("Content-Type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ZendeskSupportApi.JSON.readTree(r.body());
  }

  private static long createTicket(String email) throws Exception {
    HttpResponse<String> r = post("/sandbox/zendesk/tickets", "{\"requesterEmail\":\"" + email + "\",\"requesterName\":"
        + "\"Pat Doe\",\"subject\":\"Your order\",\"comment\":\"It shipped today\"}");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).path("id").asLong();
  }

  @Test
  void theConsoleCreatesAnAgentInitiatedTicketForARequester() throws Exception {
    assertEquals(sandbox.baseUrl() + "/zendesk", sandbox.zendeskUrl());
    long id = createTicket("pat@example.com");
    TicketView t = sandbox.zendesk().ticket(id).orElseThrow();
    assertEquals(List.of(ZendeskDesk.SUNCO_SEND), t.tags());
    assertEquals("web", t.via());
    SupportUser requester = sandbox.zendesk().userByEmail("pat@example.com").orElseThrow();
    assertEquals(SupportUser.END_USER, requester.role());
    assertEquals(requester.id(), t.requesterId());
    assertEquals(ZendeskSupportSimulator.AGENT_EMAIL,
        sandbox.zendesk().withDirectory(d -> d.user(t.comments().get(0).authorId()).email()),
        "the agent wrote the first comment");
    JsonNode chat = json(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
        + "/sandbox/desk/zendesk/chats/" + id)).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals("QUEUED", chat.path("status").asText());
    assertEquals("Pat Doe", chat.path("visitorName").asText());
    assertEquals("pat@example.com", chat.path("context").path("Requester").asText());
    assertEquals("It shipped today", chat.path("transcript").get(0).path("text").asText());
    assertEquals("agent", chat.path("transcript").get(0).path("from").asText());

    HttpResponse<String> tagged = post("/sandbox/zendesk/tickets", "{\"requesterEmail\":\"pat@example.com\","
        + "\"subject\":\"s\",\"comment\":\"c\",\"tags\":[\"other\"]}");
    assertEquals(List.of("other"), sandbox.zendesk().ticket(json(tagged).path("id").asLong()).orElseThrow().tags());
    HttpResponse<String> bad = post("/sandbox/zendesk/tickets", "{\"requesterEmail\":\"not-an-email\","
        + "\"subject\":\"s\",\"comment\":\"c\"}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("not properly formatted"), bad.body());
    assertEquals(400, post("/sandbox/zendesk/tickets", "{\"subject\":\"s\",\"comment\":\"c\"}").statusCode());
  }

  @Test
  void acceptSayNoteAttachEndAndCloseFromTheDesk() throws Exception {
    long id = createTicket("sam@example.com");
    JsonNode accepted = json(post("/sandbox/desk/zendesk/chats/" + id + "/accept", "{\"agentName\":\"Kim\"}"));
    assertEquals("ACTIVE", accepted.path("status").asText());
    assertEquals("Kim", accepted.path("agentName").asText());
    assertEquals("[\"ACCEPT\",\"SAY\",\"TRANSFER\",\"END\"]", accepted.path("actions").toString());
    assertEquals("Lee", json(post("/sandbox/desk/zendesk/chats/" + id + "/transfer", "{\"agentName\":\"Lee\"}"))
        .path("agentName").asText());
    post("/sandbox/desk/zendesk/chats/" + id + "/transfer", "{\"agentName\":\"Kim\"}");
    assertEquals(200, post("/sandbox/desk/zendesk/chats/" + id + "/messages", "{\"text\":\"Hello!\"}").statusCode());
    assertEquals(200, post("/sandbox/zendesk/tickets/" + id + "/notes", "{\"text\":\"VIP customer\"}").statusCode());
    HttpResponse<String> attached = post("/sandbox/zendesk/tickets/" + id + "/attachments", "{\"fileName\":"
        + "\"label.pdf\",\"contentType\":\"application/pdf\",\"contentBase64\":\""
        + Base64.getEncoder().encodeToString(new byte[] {37, 80, 68, 70}) + "\",\"text\":\"Your label\"}");
    assertEquals(200, attached.statusCode(), attached.body());

    List<Ticket.Comment> comments = sandbox.zendesk().agent().comments(id);
    assertEquals(4, comments.size());
    assertTrue(comments.get(1).isPublic());
    assertEquals("Hello!", comments.get(1).body());
    assertFalse(comments.get(2).isPublic());
    assertEquals("VIP customer", comments.get(2).body());
    assertEquals("label.pdf", comments.get(3).attachments().get(0).fileName());
    SupportUser kim = sandbox.zendesk().withDirectory(d -> d.user(comments.get(1).authorId()));
    assertEquals("Kim", kim.name());
    assertEquals(SupportUser.AGENT, kim.role());
    JsonNode transcript = json(attached).path("transcript");
    assertEquals("system", transcript.get(2).path("from").asText());
    assertEquals("(internal note) VIP customer", transcript.get(2).path("text").asText());
    assertEquals("Your label [file: label.pdf]", transcript.get(3).path("text").asText());

    assertEquals("ENDED", json(post("/sandbox/desk/zendesk/chats/" + id + "/end", "")).path("status").asText());
    assertEquals("solved", sandbox.zendesk().ticket(id).orElseThrow().status());
    assertEquals(200, post("/sandbox/zendesk/tickets/" + id + "/close", "").statusCode());
    HttpResponse<String> late = post("/sandbox/desk/zendesk/chats/" + id + "/messages", "{\"text\":\"late\"}");
    assertEquals(409, late.statusCode(), "a closed ticket takes no comment");
    assertEquals(404, post("/sandbox/zendesk/tickets/999/notes", "{\"text\":\"x\"}").statusCode());
    assertEquals(400, post("/sandbox/desk/zendesk/chats/" + id + "/typing", "{\"typing\":true}").statusCode());
  }
}
