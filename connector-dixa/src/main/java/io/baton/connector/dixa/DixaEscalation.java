package io.baton.connector.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.DixaHandover;
import io.baton.events.StartChat;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dixa's escalation calls, each safe to repeat: the end user, the imported conversation, its queue, its tags. */
final class DixaEscalation {
  private static final Logger log = LoggerFactory.getLogger(DixaEscalation.class);
  /** Dixa's channel for bot escalations. */
  static final String CHANNEL = "genericapimessaging";

  private final DixaClient client;
  private final PlatformCalls calls;

  DixaEscalation(DixaClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The end user with the visitor's email, else a new one (without an email: one per conversation, by externalId). */
  CompletableFuture<String> endUser(DixaChat chat, String token, String visitorExternalId, VisitorContext context,
      DixaHandover payload) {
    String email = payload.getEmail() != null && !payload.getEmail().isBlank() ? payload.getEmail()
        : context != null ? context.getEmail() : null;
    String field = email != null ? "email" : "externalId";
    String value = email != null ? email : visitorExternalId;
    Map<String, Object> user = new LinkedHashMap<>();
    user.put(field, value);
    String name = context != null && context.getName() != null && !context.getName().isBlank() ? context.getName()
        : email != null ? email : "Visitor";
    user.put("displayName", name);
    Supplier<CompletableFuture<Optional<String>>> find = () -> calls.call(chat.connection, "GET /endusers",
        () -> client.call(token, "GET", "/endusers?" + field + "=" + DixaClient.query(value), null))
        .thenApply(r -> r.path("data").size() > 0 ? Optional.of(r.path("data").get(0).path("id").asText())
            : Optional.empty());
    return find.get().thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
        : calls.call(chat.connection, "POST /endusers", () -> client.call(token, "POST", "/endusers", user))
            .thenApply(r -> r.path("data").path("id").asText())
            .exceptionallyCompose(e -> DixaClient.duplicate(e) ? find.get().thenApply(Optional::orElseThrow)
                : CompletableFuture.failedFuture(DixaClient.unwrap(e))));
  }

  /**
   * Imports the conversation with the handover id as {@code externalId}. If Dixa already has it (an import whose
   * answer was lost in a crash), it is found among the end user's conversations rather than created again.
   */
  CompletableFuture<Long> importConversation(DixaChat chat, String token, String handoverId, StartChat start) {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (TranscriptEntry e : start.getTranscript()) {
      messages.add(Map.of("content", Map.of("value", e.getText(), "_type", "Text"),
          "_type", e.getRole() == TranscriptRole.visitor ? "Inbound" : "Outbound", "createdAt", e.getAt().toString()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("genericChannelName", CHANNEL);
    body.put("requesterId", chat.endUserId);
    body.put("requesterConnectionStatus", "Online");
    body.put("direction", "Inbound");
    body.put("externalId", handoverId);
    body.put("messages", messages);
    return calls.call(chat.connection, "POST /conversations/import",
        () -> client.call(token, "POST", "/conversations/import", body))
        .thenApply(r -> r.path("data").path("id").asLong())
        .exceptionallyCompose(e -> {
          if (!DixaClient.duplicate(e)) {
            return CompletableFuture.failedFuture(DixaClient.unwrap(e));
          }
          return calls.call(chat.connection, "GET /endusers/{id}/conversations", () -> client.call(token, "GET",
              "/endusers/" + chat.endUserId + "/conversations", null)).thenApply(r -> {
                for (JsonNode c : r.path("data")) {
                  if (handoverId.equals(c.path("externalId").asText())) {
                    log.info("Dixa already imported the conversation of handover {} (an answer was lost); going on "
                        + "with {}", handoverId, c.path("id").asLong());
                    return c.path("id").asLong();
                  }
                }
                throw new IllegalStateException("Dixa reports the conversation of handover " + handoverId
                    + " as imported but does not list it");
              });
        });
  }

  /** Into the payload's queue; without one Dixa routes it itself. */
  CompletableFuture<JsonNode> transfer(DixaChat chat, String token, String queueId) {
    return queueId == null || queueId.isBlank() ? CompletableFuture.completedFuture(null)
        : calls.call(chat.connection, "PUT /conversations/{id}/transfer/queue", () -> client.call(token, "PUT",
            "/conversations/" + chat.csid + "/transfer/queue", Map.of("queueId", queueId)));
  }

  /** The bulk call creates missing tags, and tagging twice is harmless: this step may simply be repeated. */
  CompletableFuture<JsonNode> tag(DixaChat chat, String token, List<String> tags) {
    List<Map<String, String>> names = tags.stream().filter(t -> !t.isBlank()).map(t -> Map.of("name", t)).toList();
    return names.isEmpty() ? CompletableFuture.completedFuture(null)
        : calls.call(chat.connection, "POST /conversations/{id}/tags/bulk", () -> client.call(token, "POST",
            "/conversations/" + chat.csid + "/tags/bulk", Map.of("data", names)));
  }
}
