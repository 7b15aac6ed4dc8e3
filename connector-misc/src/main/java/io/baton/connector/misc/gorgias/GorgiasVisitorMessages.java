package io.baton.connector.misc.gorgias;

import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The visitor's messages, posted as the customer's on the ticket, already sent ({@code sent_datetime}: Gorgias does
 * not send the visitor their own message), with Baton's command id as {@code external_id}. Gorgias has no idempotency
 * key, so a try whose outcome is unknown (a timeout, a 5xx) and the sends after the chat was read back from its link,
 * up to the first one Gorgias did not have, look among the ticket's messages for that external id before posting.
 */
final class GorgiasVisitorMessages {
  private final GorgiasClient client;
  private final PlatformCalls calls;
  private final GorgiasTickets tickets;

  GorgiasVisitorMessages(GorgiasClient client, PlatformCalls calls, GorgiasTickets tickets) {
    this.client = client;
    this.calls = calls;
    this.tickets = tickets;
  }

  static Map<String, Object> body(GorgiasAccount account, GorgiasChat chat, String commandId, VisitorMessage message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", account.settings().channel());
    body.put("via", "api");
    body.put("from_agent", false);
    body.put("sender", Map.of("id", GorgiasTickets.number(chat.customerId)));
    body.put("body_text", message.getText() == null ? "" : message.getText());
    List<Map<String, Object>> files = new ArrayList<>();
    for (Attachment a : message.getAttachments()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("url", a.getUrl());
      f.put("name", a.getName());
      f.put("content_type", a.getContentType());
      f.put("size", a.getSizeBytes());
      files.add(f);
    }
    if (!files.isEmpty()) {
      body.put("attachments", files);
    }
    body.put("external_id", commandId);
    body.put("sent_datetime", Instant.now().toString());
    return body;
  }

  CompletableFuture<Void> send(GorgiasAccount account, GorgiasChat chat, String commandId, VisitorMessage message) {
    boolean empty = (message.getText() == null || message.getText().isBlank()) && message.getAttachments().isEmpty();
    if (empty) {
      return CompletableFuture.completedFuture(null); // nothing Gorgias could show
    }
    Map<String, Object> body = body(account, chat, commandId, message);
    String path = "/tickets/" + GorgiasClient.query(chat.ticketId) + "/messages";
    AtomicBoolean look = new AtomicBoolean(chat.unsure);
    AtomicBoolean foundPosted = new AtomicBoolean();
    return calls.call(chat.connection, "POST /tickets/{id}/messages", () -> (look.get() ? posted(account, chat,
        commandId) : CompletableFuture.completedFuture(false))
        .thenCompose(found -> {
          foundPosted.set(found);
          return found ? CompletableFuture.completedFuture(null)
              : client.call(account, "POST", path, "POST /tickets/{id}/messages", body);
        })
        .whenComplete((x, e) -> look
            .set(e != null && !(GorgiasClient.unwrap(e) instanceof PlatformCallFailed f
                && f.status() / 100 == 4))))
        .thenAccept(x -> {
          // Commands run one after another: the first one Gorgias did not have yet ends what the previous owner may
          // have posted; one it had may be followed by more of them.
          if (!foundPosted.get()) {
            chat.unsure = false;
          }
        });
  }

  private CompletableFuture<Boolean> posted(GorgiasAccount account, GorgiasChat chat, String commandId) {
    return tickets.messages(account, chat.ticketId)
        .thenApply(list -> list.stream().anyMatch(m -> commandId.equals(m.path("external_id").asText())));
  }
}
