package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The helpdesk sandbox's agent desk over its HTTP API ({@code /sandbox/desk}, what the console calls), so a test
 * acts as an agent whether the sandbox runs in the test's JVM or in a process of its own.
 */
final class SandboxDesk {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  SandboxDesk(String sandboxUrl) {
    this.base = sandboxUrl + "/sandbox/desk";
  }

  /** Every chat on the platform's desk, as the desk shows it (id, status, agentName, transcript, ...). */
  List<JsonNode> chats(String platform) {
    List<JsonNode> mine = new ArrayList<>();
    send(HttpRequest.newBuilder(URI.create(base + "/chats")).GET()).forEach(c -> {
      if (platform.equals(c.path("platform").asText())) {
        mine.add(c);
      }
    });
    return mine;
  }

  JsonNode chat(String platform, String id) {
    return send(HttpRequest.newBuilder(URI.create(base + "/" + platform + "/chats/" + id)).GET());
  }

  /** The chat's transcript as {@code from: text} lines. */
  List<String> lines(String platform, String id) {
    List<String> lines = new ArrayList<>();
    chat(platform, id).path("transcript").forEach(l -> lines.add(l.path("from").asText() + ": "
        + l.path("text").asText()));
    return lines;
  }

  void accept(String platform, String id, String agentName) {
    act(platform, id, "accept", JSON.createObjectNode().put("agentName", agentName));
  }

  void say(String platform, String id, String text) {
    act(platform, id, "messages", JSON.createObjectNode().put("text", text));
  }

  void end(String platform, String id) {
    act(platform, id, "end", JSON.createObjectNode());
  }

  /** Oracle's site with that many agents online (0: a handover finds none and fails). */
  void oracleAgentsOnline(int agents) {
    String sandbox = base.substring(0, base.length() - "/desk".length());
    send(HttpRequest.newBuilder(URI.create(sandbox + "/oracle_chat/availability"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"agentsOnline\": " + agents + "}")));
  }

  private void act(String platform, String id, String action, JsonNode body) {
    send(HttpRequest.newBuilder(URI.create(base + "/" + platform + "/chats/" + id + "/" + action))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError(request.build().uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
