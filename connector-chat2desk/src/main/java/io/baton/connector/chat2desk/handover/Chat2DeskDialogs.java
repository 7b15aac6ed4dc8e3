package io.baton.connector.chat2desk.handover;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chat2desk.Chat2DeskClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A client's dialog at Chat2Desk: found open, given to an operator, put into a group's queue, closed. Each call is
 * safe to repeat: assigning a dialog to the operator it has, or closing a closed one, changes nothing.
 */
final class Chat2DeskDialogs {
  /** An open dialog: its id, its operator (null: the general queue) and its latest message. */
  record Dialog(String id, String operatorId, String lastMessageId) {}

  private final Chat2DeskClient client;
  private final PlatformCalls calls;

  Chat2DeskDialogs(Chat2DeskClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The client's open dialog, or null when it has none. */
  CompletableFuture<Dialog> open(String connection, String token, String clientId) {
    String path = "/clients/" + clientId + "/dialogs?state=open";
    return calls.call(connection, "GET /clients/{id}/dialogs", () -> client.data(token, "GET", path, null))
        .thenApply(data -> {
          for (JsonNode dialog : data) {
            if ("open".equals(dialog.path("state").asText("open"))) {
              return new Dialog(dialog.path("id").asText(), text(dialog.path("operator_id")),
                  text(dialog.path("last_message").path("id")));
            }
          }
          return null;
        });
  }

  /** Gives the dialog to the operator ({@code force_assign}: even when offline or busy). */
  CompletableFuture<Void> assign(String connection, String token, String dialogId, String operatorId,
      boolean force) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operator_id", Long.parseLong(operatorId));
    if (force) {
      body.put("force_assign", true);
    }
    return calls.call(connection, "PUT /dialogs/{id}", () -> client.data(token, "PUT", "/dialogs/" + dialogId, body))
        .thenApply(x -> null);
  }

  /** Puts the dialog of this message into the group's queue [guess: Chat2Desk assigns it when a member is free]. */
  CompletableFuture<Void> queue(String connection, String token, String messageId, String groupId, boolean force) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("group_id", Long.parseLong(groupId));
    if (force) {
      body.put("force_assign", true);
    }
    return calls.call(connection, "POST /messages/{id}/transfer_to_group",
        () -> client.data(token, "POST", "/messages/" + messageId + "/transfer_to_group", body)).thenApply(x -> null);
  }

  /** Closes the dialog (Chat2Desk then fires {@code close_dialog}, our own close's echo). */
  CompletableFuture<Void> close(String connection, String token, String dialogId) {
    return calls.call(connection, "PUT /dialogs/{id}",
        () -> client.data(token, "PUT", "/dialogs/" + dialogId, Map.of("state", "closed"))).thenApply(x -> null);
  }

  /** An id as text; null when absent, empty or 0 (no operator). */
  static String text(JsonNode node) {
    String value = node.isNumber() || node.isTextual() ? node.asText().trim() : "";
    return value.isEmpty() || value.equals("0") ? null : value;
  }
}
