package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.KustomerHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Kustomer's handover calls, each safe to repeat: the customer (found by email, else created with the payload's
 * name and tags), the chat session (a handoff carrying the bot transcript, or, when the transcript cannot satisfy the
 * handoff's rules, a session of its own with the transcript posted line by line), its queue, its tags. A session is
 * created with the handover id as {@code externalId} and looked for among the customer's sessions before it is
 * created, so a start repeated after a crash goes on with the session it opened.
 */
final class KustomerHandoff {
  /** The handoff takes 2..100 messages. */
  static final int MAX_MESSAGES = 100;

  /** One call of a connection: the runtime's rate limit and retries around the client. */
  record Api(PlatformCalls calls, KustomerClient client, String connection, String apiUrl, String apiKey,
      KustomerCustomerLimit customerLimit) {
    CompletableFuture<JsonNode> call(String method, String path, String what, Object body) {
      return calls.call(connection, method + " " + what,
          () -> client.call(apiUrl, apiKey, method, path, what, body));
    }
  }

  /** A transcript line as a handoff message. */
  record Line(String direction, String body, String date) {}

  private KustomerHandoff() {}

  /** The customer with the visitor's email, else a new one; its id. */
  static CompletableFuture<String> customer(Api api, KustomerHandover payload, VisitorContext context,
      String externalId) {
    String email = firstOf(payload.getEmail(), context == null ? null : context.getEmail());
    String name = firstOf(payload.getName(), context == null ? null : context.getName(), email, "Visitor");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    if (email != null) {
      body.put("emails", List.of(Map.of("type", "home", "email", email)));
    }
    body.put("tags", payload.getTags().stream().filter(t -> !t.isBlank()).toList());
    body.put("externalId", externalId);
    Supplier<CompletableFuture<Optional<String>>> find = () -> email == null
        ? CompletableFuture.completedFuture(Optional.empty())
        : api.call("GET", "/v1/customers/email=" + KustomerClient.query(email), "/v1/customers/email={email}", null)
            .thenApply(r -> Optional.of(r.path("data").path("id").asText()))
            .exceptionallyCompose(e -> KustomerClient.status(e, 404)
                ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e));
    return find.get().thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
        : api.call("POST", "/v1/customers", "/v1/customers", body).thenApply(r -> r.path("data").path("id").asText())
            .exceptionallyCompose(e -> KustomerClient.refusedWith(e, "duplicate")
                ? find.get().thenApply(Optional::orElseThrow) // created meanwhile (a lost answer, another chat)
                : CompletableFuture.failedFuture(e)));
  }

  /** The customer's session with this external id, if Kustomer has one (a start repeated after a crash). */
  static CompletableFuture<Optional<String>> existingSession(Api api, String customerId, String externalId) {
    return api.call("GET", "/v2.1/chat/sessions?customerId=" + KustomerClient.query(customerId),
        "/v2.1/chat/sessions", null).thenApply(r -> {
          for (JsonNode s : r.path("data")) {
            if (externalId.equals(s.path("attributes").path("externalId").asText())) {
              return Optional.of(s.path("id").asText());
            }
          }
          return Optional.empty();
        });
  }

  /** The transcript as handoff messages (system lines and empty ones left out), the last 100 if longer. */
  static List<Line> lines(List<TranscriptEntry> transcript) {
    List<Line> lines = new ArrayList<>();
    for (TranscriptEntry e : transcript) {
      if (e.getRole() == TranscriptRole.system || e.getText() == null || e.getText().isBlank()) {
        continue;
      }
      lines.add(new Line(e.getRole() == TranscriptRole.visitor ? "in" : "out", e.getText(), e.getAt().toString()));
    }
    return lines.size() > MAX_MESSAGES ? lines.subList(lines.size() - MAX_MESSAGES, lines.size()) : lines;
  }

  /** Whether a handoff takes these lines: 2..100, at least one in each direction. */
  static boolean handoffTakes(List<Line> lines) {
    return lines.size() >= 2 && lines.size() <= MAX_MESSAGES
        && lines.stream().anyMatch(l -> l.direction().equals("in"))
        && lines.stream().anyMatch(l -> l.direction().equals("out"));
  }

  /** {@code POST /v2.1/chat/handoff}: the session with the transcript; its id. */
  static CompletableFuture<String> handoff(Api api, String customerId, List<Line> lines, String botUser,
      String externalId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", customerId);
    body.put("messages", lines);
    body.put("from", botUser);
    body.put("externalId", externalId);
    return api.call("POST", "/v2.1/chat/handoff", "/v2.1/chat/handoff", body)
        .thenApply(r -> r.path("data").path("id").asText());
  }

  /** {@code POST /v2.1/chat/sessions}: a session without history; its id. */
  static CompletableFuture<String> openSession(Api api, String customerId, String externalId) {
    return api.call("POST", "/v2.1/chat/sessions", "/v2.1/chat/sessions",
        Map.of("customerId", customerId, "externalId", externalId)).thenApply(r -> r.path("data").path("id").asText());
  }

  /**
   * The lines a handoff could not take, posted into the session one after another (the visitor's as the customer,
   * the bot's as the bot user, marked automated so they are not relayed back). Lines the session already shows, in
   * order from its start, were posted before a crash and are not posted again.
   */
  static CompletableFuture<Void> postLines(Api api, String customerId, String session, List<Line> lines,
      String botUser) {
    return api.call("GET", "/v2.1/chat/sessions/" + session + "/messages", "/v2.1/chat/sessions/{id}/messages", null)
        .thenCompose(r -> {
          int posted = 0;
          for (JsonNode m : r.path("data")) {
            if (posted < lines.size() && lines.get(posted).body().equals(m.path("attributes").path("body").asText())) {
              posted++;
            }
          }
          CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
          for (Line line : lines.subList(posted, lines.size())) {
            chain = chain.thenCompose(x -> postLine(api, customerId, session, line, botUser));
          }
          return chain;
        });
  }

  private static CompletableFuture<Void> postLine(Api api, String customerId, String session, Line line,
      String botUser) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", customerId);
    body.put("session", session);
    body.put("body", line.body());
    boolean in = line.direction().equals("in");
    if (!in) {
      body.put("from", botUser);
      body.put("auto", true);
    }
    String path = in ? "/v2.1/chat/messages" : "/v2.1/chat/outbound/messages";
    return api.customerLimit().turn(api.connection(), customerId)
        .thenCompose(x -> api.call("POST", path, path, body)).thenApply(x -> null);
  }

  /** Into the payload's queue; without one Kustomer routes it itself. */
  static CompletableFuture<Void> route(Api api, String conversation, String queue) {
    return queue == null || queue.isBlank() ? CompletableFuture.completedFuture(null)
        : api.call("PATCH", "/v1/conversations/" + conversation, "/v1/conversations/{id}",
            Map.of("queue", Map.of("id", queue.trim()))).thenApply(x -> null);
  }

  /** Tagging creates missing tags and is harmless twice: this step may simply be repeated. */
  static CompletableFuture<Void> tag(Api api, String conversation, List<String> tags) {
    List<String> names = tags.stream().filter(t -> !t.isBlank()).map(String::trim).distinct().toList();
    return names.isEmpty() ? CompletableFuture.completedFuture(null)
        : api.call("POST", "/v1/conversations/" + conversation + "/tags", "/v1/conversations/{id}/tags", names)
            .thenApply(x -> null);
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
