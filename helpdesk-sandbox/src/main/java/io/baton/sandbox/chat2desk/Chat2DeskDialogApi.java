package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskApi.BASE_PATH;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.body;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.call;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.flag;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.handle;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.id;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.pathId;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The API's operators, clients, dialogs and messages (see {@link Chat2DeskApi} for what every call goes through). */
final class Chat2DeskDialogApi {
  private Chat2DeskDialogApi() {
  }

  static void register(Javalin app, Chat2DeskSimulator c2d) {
    Chat2DeskCompany company = c2d.company();
    Chat2DeskDialogs dialogs = c2d.dialogs();
    app.get(BASE_PATH + "/operators", ctx -> handle(ctx, c2d, "operators", c -> {
      int[] paging = Chat2DeskApi.paging(c);
      String online = c.queryParam("online");
      if (online != null && !online.equals("0") && !online.equals("1")) {
        throw Chat2DeskError.field("online", "must be 0 or 1");
      }
      List<Map<String, Object>> all = company.operators().stream()
          .filter(o -> online == null || o.online == online.equals("1"))
          .map(o -> Chat2DeskPayloads.operator(o, dialogs.openDialogsOf(o.id))).toList();
      return new Chat2DeskApi.Page(all.stream().skip(paging[1]).limit(paging[0]).toList(),
          KitJson.object("total", all.size(), "limit", paging[0], "offset", paging[1]));
    }));
    app.get(BASE_PATH + "/operators_groups", ctx -> call(ctx, c2d, "operators_groups", () -> company.groups()
        .stream().map(g -> KitJson.object("id", g.id(), "name", g.name(), "operator_ids", g.operatorIds())).toList()));
    app.get(BASE_PATH + "/clients/{id}", ctx -> handle(ctx, c2d, "clients", c -> {
      Chat2DeskClients.Client client = c2d.clients().get(pathId(c, "Client"));
      return Chat2DeskPayloads.clientView(client, company.channel(client.channelId));
    }));
    app.get(BASE_PATH + "/clients/{id}/dialogs", ctx -> handle(ctx, c2d, "clients.dialogs", c -> {
      Chat2DeskClients.Client client = c2d.clients().get(pathId(c, "Client"));
      String state = c.queryParam("state");
      if (state != null && !state.equals("open") && !state.equals("closed")) {
        throw Chat2DeskError.field("state", "must be open or closed");
      }
      List<Map<String, Object>> list = dialogs.of(client.id).stream()
          .filter(d -> state == null || d.state.equals(state)).map(d -> dialogView(c2d, d)).toList();
      return new Chat2DeskApi.Page(list, KitJson.object("total", list.size(), "limit", list.size(), "offset", 0));
    }));
    app.get(BASE_PATH + "/dialogs/{id}", ctx -> handle(ctx, c2d, "dialogs",
        c -> dialogView(c2d, dialogs.get(pathId(c, "Dialog")))));
    app.put(BASE_PATH + "/dialogs/{id}", ctx -> handle(ctx, c2d, "dialogs.update", c -> {
      Chat2DeskDialogs.Dialog d = dialogs.get(pathId(c, "Dialog"));
      JsonNode body = body(c);
      Long operator = id(body, "operator_id", false);
      String state = text(body, "state");
      boolean force = flag(body, "force_assign");
      if (operator == null && state == null) {
        throw Chat2DeskError.field("operator_id", "or state is required");
      }
      if (state != null && !state.equals("open") && !state.equals("closed")) {
        throw Chat2DeskError.field("state", "must be open or closed");
      }
      if (state != null && state.equals("open") && !d.open()) {
        throw new Chat2DeskError(400, "Dialog is closed"); // reopening is not simulated [guess]
      }
      if (operator != null) {
        company.operator(operator);
        if (state == null || state.equals("open")) {
          dialogs.transfer(d, operator, force);
        }
      }
      if ("closed".equals(state)) {
        dialogs.close(d);
      }
      return dialogView(c2d, d);
    }));
    app.post(BASE_PATH + "/messages/{id}/transfer_to_group", ctx -> handle(ctx, c2d, "transfer_to_group", c -> {
      Chat2DeskMessage m = c2d.messages().get(pathId(c, "Message"));
      JsonNode body = body(c);
      long group = id(body, "group_id", true);
      if (m.dialogId() == null) {
        throw new Chat2DeskError(400, "Message has no dialog");
      }
      Chat2DeskDialogs.Dialog d = dialogs.get(m.dialogId());
      dialogs.transferToGroup(d, group, flag(body, "force_assign"));
      return dialogView(c2d, d);
    }));
    app.post(BASE_PATH + "/messages", ctx -> handle(ctx, c2d, "messages", c -> {
      JsonNode body = body(c);
      Chat2DeskMessage m = c2d.messages().send(outgoing(c2d, body));
      return Chat2DeskPayloads.sent(m, company.channel(m.channelId()));
    }));
    app.post(BASE_PATH + "/messages/inbox", ctx -> handle(ctx, c2d, "messages.inbox", c -> {
      Chat2DeskMessage m = Chat2DeskInbox.inject(c2d, body(c));
      return KitJson.object("message_id", m.id(), "client_id", m.clientId(), "dialog_id", m.dialogId(),
          "channel_id", m.channelId());
    }));
    app.get(BASE_PATH + "/messages/{id}", ctx -> handle(ctx, c2d, "messages.get",
        c -> Chat2DeskPayloads.message(c2d.messages().get(pathId(c, "Message")))));
  }

  static Map<String, Object> dialogView(Chat2DeskSimulator c2d, Chat2DeskDialogs.Dialog d) {
    return Chat2DeskPayloads.dialog(d, d.lastMessageId == null ? null : c2d.messages().get(d.lastMessageId));
  }

  /** POST /messages' body, checked field by field. */
  private static Chat2DeskMessages.Outgoing outgoing(Chat2DeskSimulator c2d, JsonNode body) {
    long clientId = id(body, "client_id", true);
    String type = text(body, "type");
    String transport = text(body, "transport");
    if (transport != null) {
      Chat2DeskClients.Client client = c2d.clients().forField("client_id", clientId);
      if (!c2d.company().channel(client.channelId).transport().equals(transport)) {
        throw Chat2DeskError.field("transport", "is not the client's transport");
      }
    }
    List<Chat2DeskMessage.Button> buttons = new ArrayList<>();
    JsonNode keyboard = body.path("keyboard");
    if (!keyboard.isMissingNode() && !keyboard.isNull()) {
      if (!keyboard.path("buttons").isArray()) {
        throw Chat2DeskError.field("keyboard", "must be {\"buttons\":[...]}");
      }
      for (JsonNode b : keyboard.get("buttons")) {
        if (!b.isObject()) {
          throw Chat2DeskError.field("keyboard", "buttons must be objects");
        }
        String text = text(b, "text");
        String payload = text(b, "payload");
        buttons.add(new Chat2DeskMessage.Button(b.path("type").asText("reply"), text,
            payload != null ? payload : text));
      }
    }
    return new Chat2DeskMessages.Outgoing(clientId, text(body, "text"), text(body, "attachment"),
        text(body, "attachment_filename"), type == null ? Chat2DeskMessage.TO_CLIENT : type,
        id(body, "channel_id", false), id(body, "operator_id", false), flag(body, "open_dialog"),
        text(body, "external_id"), buttons);
  }
}
