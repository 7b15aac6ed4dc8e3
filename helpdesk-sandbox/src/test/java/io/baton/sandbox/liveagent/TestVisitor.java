package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A hand-rolled Live Agent visitor client, as a connector would speak the protocol. */
final class TestVisitor {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  static final String API_VERSION = "49";

  final String restUrl;
  final String id;
  final String key;
  String affinity;
  long sequence;
  long ack = -1;

  private TestVisitor(String restUrl, String id, String key, String affinity) {
    this.restUrl = restUrl;
    this.id = id;
    this.key = key;
    this.affinity = affinity;
  }

  /** GET System/SessionId with affinity "null", as on a first call. */
  static TestVisitor open(String restUrl) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(restUrl + "System/SessionId"))
        .header("X-LIVEAGENT-API-VERSION", API_VERSION)
        .header("X-LIVEAGENT-AFFINITY", "null")
        .GET().build());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = json(response);
    return new TestVisitor(restUrl, body.get("id").asText(), body.get("key").asText(),
        body.get("affinityToken").asText());
  }

  /** A ChasitorInit body shaped like the handover seed (Segment-style prechat detail included). */
  ObjectNode initBody(String buttonId, boolean receiveQueueUpdates) {
    ObjectNode body = JSON.createObjectNode();
    body.put("organizationId", "00D6g000003Q6HI");
    body.put("deploymentId", "5726g000000k9nQ");
    body.put("buttonId", buttonId);
    body.put("sessionId", id);
    body.put("userAgent", "Mozilla/5.0 (test)");
    body.put("language", "en-US");
    body.put("screenResolution", "1920x1080");
    body.put("visitorName", "Vera Visitor");
    ObjectNode detail = body.putArray("prechatDetails").addObject();
    detail.put("label", "Email");
    detail.put("value", "vera@example.com");
    detail.putArray("transcriptFields").add("Email__c");
    detail.put("displayToAgent", true);
    body.putArray("prechatEntities");
    body.putArray("buttonOverrides");
    body.put("receiveQueueUpdates", receiveQueueUpdates);
    body.put("isPost", true);
    return body;
  }

  static String uniqueButton() {
    return "573" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  HttpResponse<String> init(String buttonId, boolean receiveQueueUpdates) {
    return post("ChasitorInit", initBody(buttonId, receiveQueueUpdates).toString());
  }

  /** ChasitorInit, then poll until ChatRequestSuccess: the chat is QUEUED and may send requests. */
  JsonNode initAndAwaitRequestSuccess(String buttonId, boolean receiveQueueUpdates) {
    HttpResponse<String> init = init(buttonId, receiveQueueUpdates);
    assertEquals(200, init.statusCode(), init.body());
    return awaitMessage("ChatRequestSuccess");
  }

  /** A POST with the next sequence number. */
  HttpResponse<String> post(String action, String body) {
    return postWithSequence(action, body, ++sequence);
  }

  HttpResponse<String> postWithSequence(String action, String body, long seq) {
    return send(chasitorRequest("Chasitor/" + action)
        .header("X-LIVEAGENT-SEQUENCE", Long.toString(seq))
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build());
  }

  HttpRequest.Builder chasitorRequest(String path) {
    return HttpRequest.newBuilder(URI.create(restUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-LIVEAGENT-API-VERSION", API_VERSION)
        .header("X-LIVEAGENT-AFFINITY", affinity)
        .header("X-LIVEAGENT-SESSION-KEY", key);
  }

  /** One long poll with the current ack; a 200 moves ack to the response's sequence, as clients do. */
  HttpResponse<String> poll() {
    HttpResponse<String> response = pollWithAck(ack);
    if (response.statusCode() == 200) {
      ack = json(response).get("sequence").asLong();
    }
    return response;
  }

  HttpResponse<String> pollWithAck(long ackValue) {
    return send(pollRequest(ackValue));
  }

  CompletableFuture<HttpResponse<String>> pollAsync() {
    return HTTP.sendAsync(pollRequest(ack), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest pollRequest(long ackValue) {
    return chasitorRequest("System/Messages?ack=" + ackValue).GET().build();
  }

  /** Polls (each poll held at most the server's hold) until a message of this type arrives; returns it. */
  JsonNode awaitMessage(String type) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = poll();
      if (response.statusCode() == 200) {
        for (JsonNode message : json(response).get("messages")) {
          seen.add(message.get("type").asText());
          if (message.get("type").asText().equals(type)) {
            return message.get("message");
          }
        }
      } else if (response.statusCode() != 204) {
        fail("Poll answered " + response.statusCode() + " while waiting for " + type + ": " + response.body());
      }
    }
    return fail("No " + type + " within 10 s; saw " + seen);
  }

  /** Message types of one 200 poll answer. */
  static List<String> types(HttpResponse<String> response) {
    List<String> types = new ArrayList<>();
    json(response).get("messages").forEach(m -> types.add(m.get("type").asText()));
    return types;
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON: " + response.body(), e);
    }
  }

  /** Waits for a condition without fixed sleeps dictating the outcome: checks every 10 ms up to the timeout. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
