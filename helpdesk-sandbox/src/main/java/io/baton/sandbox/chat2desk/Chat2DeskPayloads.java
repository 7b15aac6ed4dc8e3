package io.baton.sandbox.chat2desk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The JSON Chat2Desk shows: webhook bodies and the API's objects (operators, clients, dialogs, messages). */
final class Chat2DeskPayloads {
  private Chat2DeskPayloads() {
  }

  /** An {@code inbox} or {@code outbox} webhook body. */
  static Map<String, Object> messageHook(String hookType, Chat2DeskMessage m, Chat2DeskClients.Client client,
      Chat2DeskCompany.Channel channel, Long dialogOperator, boolean newRequest, boolean newClient) {
    return KitJson.object("hook_type", hookType, "message_id", m.id(), "type", m.type(), "text", m.text(),
        "transport", channel.transport(), "client_id", client.id,
        "operator_id", hookType.equals("inbox") ? dialogOperator : m.operatorId(), "dialog_id", m.dialogId(),
        "channel_id", channel.id(), "attachments", attachments(m), "client", client(client),
        "request_id", m.requestId(), "is_new_request", newRequest, "is_new_client", newClient,
        "event_time", time(Instant.now()));
  }

  /** A {@code close_dialog} or {@code dialog_transferred} webhook body: no message fields. */
  static Map<String, Object> dialogHook(String hookType, Chat2DeskDialogs.Dialog d, Chat2DeskClients.Client client) {
    return KitJson.object("hook_type", hookType, "dialog_id", d.id, "client_id", client.id,
        "operator_id", d.operatorId, "channel_id", d.channelId, "client", client(client),
        "event_time", time(Instant.now()));
  }

  static Map<String, Object> client(Chat2DeskClients.Client c) {
    return KitJson.object("id", c.id, "phone", c.phone, "name", c.name, "external_id", c.externalId);
  }

  /** GET /clients/{id}. */
  static Map<String, Object> clientView(Chat2DeskClients.Client c, Chat2DeskCompany.Channel channel) {
    Map<String, Object> v = client(c);
    v.put("channel_id", channel.id());
    v.put("transport", channel.transport());
    return v;
  }

  static Map<String, Object> operator(Chat2DeskCompany.Operator o, int openedDialogs) {
    return KitJson.object("id", o.id, "email", o.email, "first_name", o.firstName, "last_name", o.lastName,
        "role", o.role, "phone", o.phone, "avatar", null, "last_visit", time(o.lastVisit), "online", o.online ? 1 : 0,
        "offline_type", o.online ? null : "manual", "external_id", null, "opened_dialogs", openedDialogs,
        "status_id", 0);
  }

  static Map<String, Object> dialog(Chat2DeskDialogs.Dialog d, Chat2DeskMessage last) {
    return KitJson.object("id", d.id, "state", d.state, "begin", time(d.begin), "end", d.end == null ? null
        : time(d.end), "operator_id", d.operatorId, "client_id", d.clientId, "channel_id", d.channelId,
        "last_message", last == null ? null : message(last));
  }

  /** A message as the API and the sandbox's client routes show it. */
  static Map<String, Object> message(Chat2DeskMessage m) {
    return KitJson.object("id", m.id(), "type", m.type(), "text", m.text(), "client_id", m.clientId(),
        "dialog_id", m.dialogId(), "channel_id", m.channelId(), "operator_id", m.operatorId(),
        "attachments", attachments(m), "keyboard", m.buttons().isEmpty() ? null : KitJson.object("buttons",
            m.buttons().stream().map(b -> KitJson.object("type", b.type(), "text", b.text(), "payload",
                b.payload())).toList()),
        "external_id", m.externalId(), "created", time(m.at()));
  }

  /** The answer of POST /messages. */
  static Map<String, Object> sent(Chat2DeskMessage m, Chat2DeskCompany.Channel channel) {
    return KitJson.object("message_id", m.id(), "channel_id", m.channelId(), "operator_id", m.operatorId(),
        "transport", channel.transport(), "type", m.type(), "client_id", m.clientId(), "dialog_id", m.dialogId(),
        "request_id", m.requestId());
  }

  static List<Map<String, Object>> attachments(Chat2DeskMessage m) {
    return m.attachment() == null ? List.of()
        : List.of(KitJson.object("link", m.attachment(), "name", m.attachmentFilename() != null
            ? m.attachmentFilename() : m.attachment().substring(m.attachment().lastIndexOf('/') + 1)));
  }

  static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }
}
