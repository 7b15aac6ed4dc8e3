package io.baton.sandbox.liveagent;

import static io.baton.sandbox.liveagent.TestVisitor.json;
import static io.baton.sandbox.liveagent.TestVisitor.send;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * As strict as the real server: a stale sequence number or a request sent before ChasitorSessionData is answered but
 * dropped; ChasitorResyncState after a ReconnectSession; the agent's FileTransfer and the visitor's upload.
 */
class StrictReconnectAndFilesTest {
  static HelpdeskSandbox sandbox;
  static LiveAgentSimulator liveAgent;
  static String rest;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300))
        .withSessionTimeout(Duration.ofSeconds(30)));
    liveAgent = sandbox.liveAgent();
    rest = sandbox.liveAgentRestUrl();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static TestVisitor established() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), true);
    liveAgent.accept(visitor.id, "Alex");
    visitor.awaitMessage("ChatEstablished");
    return visitor;
  }

  private static List<String> transcript(TestVisitor visitor) {
    return liveAgent.chat(visitor.id).orElseThrow().transcript().stream().map(TranscriptLine::text).toList();
  }

  private static HttpResponse<String> reconnect(TestVisitor visitor) {
    HttpResponse<String> reconnect = send(visitor.chasitorRequest("System/ReconnectSession?ReconnectSession.offset="
        + visitor.ack).GET().build());
    visitor.affinity = json(reconnect).get("messages").get(0).get("message").get("affinityToken").asText();
    return reconnect;
  }

  private static HttpResponse<String> resync(TestVisitor visitor, String org) {
    return send(visitor.chasitorRequest("Chasitor/ChasitorResyncState")
        .POST(HttpRequest.BodyPublishers.ofString("{\"organizationId\":\"" + org + "\"}")).build());
  }

  @Test
  void staleSequencesAndRequestsBeforeSessionDataAreAnsweredButDropped() {
    TestVisitor visitor = established();
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"one\"}", 5).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"again\"}", 5).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"older\"}", 4).statusCode());
    String org = liveAgent.chat(visitor.id).orElseThrow().organizationId();
    assertEquals(400, resync(visitor, org).statusCode(), "no ReconnectSession to resync after");

    liveAgent.changeAffinity(visitor.id);
    String stale = visitor.affinity;
    assertEquals(503, visitor.postWithSequence("ChatMessage", "{\"text\":\"stale affinity\"}", 6).statusCode());
    reconnect(visitor);
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"too early\"}", 1).statusCode(),
        "answered as taken");
    visitor.awaitMessage("ChasitorSessionData");
    assertEquals(200, resync(visitor, org).statusCode());
    assertEquals(400, resync(visitor, "00Dother").statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"zero\"}", 0).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"two\"}", 1).statusCode());
    String current = visitor.affinity;
    visitor.affinity = stale;
    assertEquals(503, visitor.postWithSequence("ChatMessage", "{\"text\":\"old token\"}", 2).statusCode());
    visitor.affinity = current;

    assertEquals(List.of("one", "two"), transcript(visitor));
    assertEquals(4, liveAgent.droppedRequests(visitor.id), "again, older, too early, zero");
    assertEquals(1, liveAgent.resyncs(visitor.id));
  }

  @Test
  void theAgentsFileRequestTakesOneUploadAtItsServlet() {
    TestVisitor visitor = established();
    String org = liveAgent.chat(visitor.id).orElseThrow().organizationId();
    assertEquals(400, upload(sandbox.baseUrl() + FileTransfers.UPLOAD_PATH, org, visitor.id, "none").statusCode(),
        "no file was requested");

    liveAgent.requestFile(visitor.id);
    JsonNode request = visitor.awaitMessage("FileTransfer");
    assertEquals("Requested", request.get("type").asText());
    String servlet = request.get("uploadServletUrl").asText();
    String token = request.get("fileToken").asText();
    assertEquals(400, upload(servlet, org, visitor.id, "wrong").statusCode(), "a token that was not handed out");
    assertEquals(400, upload(servlet, "00Dother", visitor.id, token).statusCode(), "another organization");
    assertEquals(403, upload(servlet, org, "no-such-chat", token).statusCode());
    assertEquals(200, upload(servlet, org, visitor.id, token).statusCode());
    assertEquals(400, upload(servlet, org, visitor.id, token).statusCode(), "one file per request");
    assertEquals("Success", visitor.awaitMessage("FileTransfer").get("type").asText());

    UploadedFile file = liveAgent.uploadedFiles().stream().filter(f -> f.sessionId().equals(visitor.id)).findFirst()
        .orElseThrow();
    assertEquals("receipt.txt", file.name());
    assertEquals("text/plain", file.contentType());
    assertEquals("paid", new String(file.bytes(), StandardCharsets.UTF_8));
    assertEquals(List.of("[file] receipt.txt (text/plain, 4 bytes)"), transcript(visitor));

    liveAgent.requestFile(visitor.id);
    visitor.awaitMessage("FileTransfer");
    liveAgent.cancelFileRequest(visitor.id);
    assertEquals("Canceled", visitor.awaitMessage("FileTransfer").get("type").asText());
  }

  private static HttpResponse<String> upload(String servlet, String org, String chatKey, String token) {
    String boundary = "b0undary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\npaid\r\n--" + boundary + "--\r\n";
    return send(HttpRequest.newBuilder(URI.create(servlet + "?orgId=" + org + "&chatKey=" + chatKey + "&fileToken="
        + token + "&encoding=UTF-8")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }
}
