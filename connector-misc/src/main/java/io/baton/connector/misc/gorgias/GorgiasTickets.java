package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Gorgias's calls that open a handover, each safe to repeat: the customer (by email, else by Baton's external id, else
 * created), the ticket (by Baton's handover id as {@code external_id}, looked for before every try to create it, so
 * neither a crash nor a lost answer opens a second one), and its tags.
 */
final class GorgiasTickets {
  /** Gorgias takes 1 to 500 messages with a new ticket. */
  static final int MAX_MESSAGES = 500;
  static final String INTERNAL_NOTE = "internal-note";

  /** The visitor as Gorgias gets them; {@code externalId} is Baton's when no email identifies them. */
  record Visitor(String name, String email, String externalId) {}

  /** A ticket Gorgias has: its id and the highest id among its messages. */
  record Ticket(String id, long lastMessageId) {}

  private final GorgiasClient client;
  private final PlatformCalls calls;

  GorgiasTickets(GorgiasClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<String> customer(GorgiasAccount account, Visitor visitor) {
    String field = visitor.email() != null ? "email" : "external_id";
    String value = visitor.email() != null ? visitor.email() : visitor.externalId();
    return findCustomer(account, field, value).thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(found.get())
        : createCustomer(account, visitor).exceptionallyCompose(e -> GorgiasClient.status(e, 400)
            // taken: a creation whose answer was lost, or another handover of the same visitor just now
            ? findCustomer(account, field, value).thenApply(again -> again.orElseThrow(
                () -> new IllegalStateException(GorgiasClient.reason(e))))
            : CompletableFuture.failedFuture(GorgiasClient.unwrap(e))));
  }

  /** The customer whose {@code field} is {@code value}: checked on each one listed, not only trusted to the filter. */
  private CompletableFuture<Optional<String>> findCustomer(GorgiasAccount account, String field, String value) {
    return calls.call(account.connection(), "GET /customers?" + field, () -> client.call(account, "GET",
        "/customers?" + field + "=" + GorgiasClient.query(value) + "&limit=100", "GET /customers", null))
        .thenApply(r -> {
          for (JsonNode c : r.path("data")) {
            if (value.equalsIgnoreCase(c.path(field).asText())) {
              return Optional.of(c.path("id").asText());
            }
          }
          return Optional.<String>empty();
        });
  }

  private CompletableFuture<String> createCustomer(GorgiasAccount account, Visitor visitor) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (visitor.name() != null) {
      body.put("name", visitor.name());
    }
    if (visitor.email() != null) {
      body.put("email", visitor.email());
      body.put("channels", List.of(Map.of("type", "email", "address", visitor.email(), "preferred", true)));
    }
    body.put("external_id", visitor.externalId());
    return calls.call(account.connection(), "POST /customers", () -> client.call(account, "POST", "/customers",
        "POST /customers", body)).thenApply(r -> r.path("id").asText());
  }

  /** Our ticket, by Baton's handover id, if Gorgias has it (checked on each one listed, not only trusted to the filter). */
  CompletableFuture<Optional<Ticket>> existing(GorgiasAccount account, String handoverId) {
    return calls.call(account.connection(), "GET /tickets?external_id", () -> client.call(account, "GET",
        "/tickets?external_id=" + GorgiasClient.query(handoverId) + "&limit=100", "GET /tickets", null))
        .thenCompose(r -> {
          for (JsonNode t : r.path("data")) {
            if (handoverId.equals(t.path("external_id").asText())) {
              String id = t.path("id").asText();
              return lastMessageId(account, id).thenApply(last -> Optional.of(new Ticket(id, last)));
            }
          }
          return CompletableFuture.completedFuture(Optional.<Ticket>empty());
        });
  }

  /**
   * The handover's ticket: looked for by its {@code external_id} before every try (a crash, a lost answer), else
   * created with the transcript, the subject, the team and Baton's handover id.
   */
  CompletableFuture<Ticket> ticket(GorgiasAccount account, String customerId, String handoverId, String subject,
      String team, List<TranscriptEntry> transcript) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customer", Map.of("id", number(customerId)));
    body.put("channel", account.settings().channel());
    body.put("via", "api");
    body.put("from_agent", false);
    body.put("subject", subject);
    body.put("external_id", handoverId);
    if (team != null) {
      body.put("assignee_team", Map.of("id", number(team)));
    }
    body.put("messages", messages(account, customerId, transcript));
    return calls.call(account.connection(), "POST /tickets", () -> existing(account, handoverId)
        .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
            : client.call(account, "POST", "/tickets", "POST /tickets", body).thenCompose(created -> {
              String id = created.path("id").asText();
              long last = maxId(created.path("messages"));
              return last > 0 ? CompletableFuture.completedFuture(new Ticket(id, last))
                  : lastMessageId(account, id).thenApply(l -> new Ticket(id, l));
            })));
  }

  /**
   * The transcript as ticket messages, all already sent ({@code sent_datetime}: Gorgias sends none of them again):
   * the visitor's lines are the customer's; the bot's (and any agent or system line) are outgoing messages of the API
   * user marked with who said them ({@code Bot: ...}), as the visitor saw them. The last 500 lines; an empty
   * transcript is one internal note (a ticket needs a message).
   */
  static List<Map<String, Object>> messages(GorgiasAccount account, String customerId,
      List<TranscriptEntry> transcript) {
    List<TranscriptEntry> lines = transcript.stream().filter(e -> e.getText() != null && !e.getText().isBlank())
        .toList();
    lines = lines.subList(Math.max(0, lines.size() - MAX_MESSAGES), lines.size());
    List<Map<String, Object>> messages = new ArrayList<>();
    for (TranscriptEntry e : lines) {
      boolean visitor = e.getRole() == TranscriptRole.visitor;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", account.settings().channel());
      m.put("via", "api");
      m.put("from_agent", !visitor);
      m.put("sender", visitor ? Map.of("id", number(customerId)) : Map.of("email", account.email()));
      if (!visitor) {
        m.put("receiver", Map.of("id", number(customerId)));
      }
      m.put("body_text", visitor ? e.getText() : TranscriptLines.line(e));
      m.put("sent_datetime", (e.getAt() != null ? e.getAt() : Instant.now()).toString());
      messages.add(m);
    }
    if (messages.isEmpty()) {
      messages.add(new LinkedHashMap<>(Map.of("channel", INTERNAL_NOTE, "via", "api", "from_agent", true,
          "sender", Map.of("email", account.email()), "body_text",
          "Handed over by Baton's bot (no transcript).", "sent_datetime", Instant.now().toString())));
    }
    return messages;
  }

  CompletableFuture<Void> tag(GorgiasAccount account, String ticketId, List<String> tags) {
    if (tags == null || tags.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return calls.call(account.connection(), "POST /tickets/{id}/tags", () -> client.call(account, "POST",
        "/tickets/" + GorgiasClient.query(ticketId) + "/tags", "POST /tickets/{id}/tags", Map.of("names", tags)))
        .thenApply(x -> null);
  }

  /** The ticket's messages, oldest first. */
  CompletableFuture<List<JsonNode>> messages(GorgiasAccount account, String ticketId) {
    return client.list(calls, account, "/tickets/" + GorgiasClient.query(ticketId) + "/messages?limit=100",
        "GET /tickets/{id}/messages").thenApply(list -> {
          List<JsonNode> sorted = new ArrayList<>(list);
          sorted.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
          return sorted;
        });
  }

  private CompletableFuture<Long> lastMessageId(GorgiasAccount account, String ticketId) {
    return messages(account, ticketId).thenApply(list -> list.isEmpty() ? 0L
        : list.get(list.size() - 1).path("id").asLong());
  }

  static long maxId(JsonNode messages) {
    long max = 0;
    for (JsonNode m : messages) {
      max = Math.max(max, m.path("id").asLong());
    }
    return max;
  }

  /** Gorgias's ids are numbers: sent as numbers when they read as one. */
  static Object number(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return id;
    }
  }
}
