package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.StartChat;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import io.baton.events.ZendeskSupportHandover;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ticket of a handover, each call safe to repeat: found by its {@code external_id} (the handover id) before it is
 * created, so a start repeated after a crash finds the ticket created before it, and created with the handover id as
 * its {@code Idempotency-Key}, so a create whose answer was lost and is retried gets the first ticket back; its group found by name or created;
 * or, for an agent-initiated conversation, the agent's ticket adopted.
 */
final class TicketOpening {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final SupportClient client;
  private final PlatformCalls calls;

  TicketOpening(SupportClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The handover's ticket (id, requester id): the one with its external_id, else a new one. */
  CompletableFuture<JsonNode> ticket(SupportAccount account, String handoverId, StartChat start,
      ZendeskSupportHandover payload) {
    return byExternalId(account, handoverId).thenCompose(found -> found != null
        ? CompletableFuture.completedFuture(found)
        : group(account, payload.getGroupName()).thenCompose(groupId -> calls.call(account.connection(),
            "POST /tickets", () -> client.call(account, "POST", "/tickets",
                Map.of("ticket", ticketBody(handoverId, start, payload, groupId)), handoverId))
            .thenApply(r -> r.path("ticket"))));
  }

  private CompletableFuture<JsonNode> byExternalId(SupportAccount account, String handoverId) {
    return byExternalId(account, handoverId, "/tickets?external_id=" + SupportClient.query(handoverId));
  }

  /** Checked here too, page after page: the list is the ticket's only lookup, and must not miss it. */
  private CompletableFuture<JsonNode> byExternalId(SupportAccount account, String handoverId, String path) {
    return calls.call(account.connection(), "GET /tickets?external_id", () -> client.get(account, path))
        .thenCompose(r -> {
          for (JsonNode t : r.path("tickets")) {
            if (handoverId.equals(t.path("external_id").asText())) {
              return CompletableFuture.completedFuture(t);
            }
          }
          String next = r.path("next_page").asText("");
          int at = next.indexOf("/api/v2/");
          return next.isEmpty() || at < 0 || r.path("tickets").isEmpty() ? CompletableFuture.completedFuture(null)
              : byExternalId(account, handoverId, next.substring(at + "/api/v2".length()));
        });
  }

  /**
   * The group named so (found by name, else created); null without a name. Zendesk refuses a second group of the same
   * name (422 DuplicateValue): a handover that lost that race finds the other's group.
   */
  CompletableFuture<Long> group(SupportAccount account, String name) {
    if (name == null || name.isBlank()) {
      return CompletableFuture.completedFuture(null);
    }
    String wanted = name.trim();
    return findGroup(account, wanted).thenCompose(found -> found != null ? CompletableFuture.completedFuture(found)
        : calls.call(account.connection(), "POST /groups", () -> client.call(account, "POST", "/groups",
            Map.of("group", Map.of("name", wanted)))).thenApply(c -> c.path("group").path("id").asLong())
            .exceptionallyCompose(e -> SupportClient.status(e) != 422 ? CompletableFuture.failedFuture(
                SupportClient.unwrap(e)) : findGroup(account, wanted).thenApply(again -> {
                  if (again == null) {
                    throw new IllegalStateException("Zendesk refused the group '" + wanted + "': "
                        + SupportClient.unwrap(e).getMessage());
                  }
                  return again;
                })));
  }

  private CompletableFuture<Long> findGroup(SupportAccount account, String wanted) {
    return calls.call(account.connection(), "GET /groups", () -> client.get(account, "/groups")).thenApply(r -> {
      for (JsonNode g : r.path("groups")) {
        if (wanted.equalsIgnoreCase(g.path("name").asText()) && !g.path("deleted").asBoolean(false)) {
          return g.path("id").asLong();
        }
      }
      return null;
    });
  }

  private static Map<String, Object> ticketBody(String handoverId, StartChat start, ZendeskSupportHandover payload,
      Long groupId) {
    VisitorContext context = start.getHandover().getContext();
    String name = first(payload.getName(), context == null ? null : context.getName());
    String email = first(payload.getEmail(), context == null ? null : context.getEmail());
    Map<String, Object> requester = new LinkedHashMap<>();
    requester.put("name", name != null ? name : email != null ? email : "Visitor");
    if (email != null) {
      requester.put("email", email);
    }
    Map<String, Object> ticket = new LinkedHashMap<>();
    ticket.put("subject", first(payload.getSubject(), "Chat with " + requester.get("name")));
    ticket.put("comment", Map.of("body", transcript(start), "public", true));
    ticket.put("requester", requester);
    ticket.put("external_id", handoverId);
    if (groupId != null) {
      ticket.put("group_id", groupId);
    }
    List<String> tags = new ArrayList<>();
    tags.add(SupportTriggers.TAG);
    payload.getTags().stream().filter(t -> !t.isBlank()).map(String::trim).forEach(tags::add);
    ticket.put("tags", tags);
    List<Map<String, Object>> fields = new ArrayList<>();
    payload.getCustomFields().forEach((id, value) -> {
      if (!id.matches("\\d{1,20}")) {
        throw new IllegalArgumentException("customFields are keyed by Zendesk field id (a number), not '" + id + "'");
      }
      fields.add(Map.of("id", Long.parseLong(id), "value", value));
    });
    if (!fields.isEmpty()) {
      ticket.put("custom_fields", fields);
    }
    return ticket;
  }

  /** The bot phase as one readable comment, one line per message. */
  static String transcript(StartChat start) {
    StringBuilder b = new StringBuilder("Conversation with the bot before the handover:\n");
    List<TranscriptEntry> entries = start.getTranscript();
    if (entries.isEmpty()) {
      b.append("(no messages)\n");
    }
    for (TranscriptEntry e : entries) {
      b.append('[').append(TIME.format(e.getAt())).append("] ").append(TranscriptLines.line(e)).append('\n');
    }
    return b.toString().trim();
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
  }
}
