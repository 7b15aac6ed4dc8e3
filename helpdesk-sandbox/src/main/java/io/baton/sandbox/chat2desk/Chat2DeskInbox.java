package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskApi.id;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.text;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * POST /messages/inbox: a client's message on an external channel, injected by the channel's owner (Baton's widget
 * visitors handed over). The client is found by {@code from_client.external_id} (or phone) on the channel, created on
 * their first message; {@code external_id} makes the message idempotent.
 */
final class Chat2DeskInbox {
  private Chat2DeskInbox() {
  }

  static Chat2DeskMessage inject(Chat2DeskSimulator c2d, JsonNode body) {
    long channelId = id(body, "channel_id", true);
    Chat2DeskCompany.Channel channel = c2d.company().channel(channelId);
    if (!channel.external()) {
      throw Chat2DeskError.field("channel_id", "is not an external channel");
    }
    JsonNode from = body.path("from_client");
    if (!from.isObject()) {
      throw Chat2DeskError.field("from_client", "is required ({\"external_id\" or \"phone\", \"nickname\"?})");
    }
    String externalId = text(from, "external_id");
    String phone = text(from, "phone");
    String nickname = text(from, "nickname");
    if ((externalId == null || externalId.isBlank()) && (phone == null || phone.isBlank())) {
      throw Chat2DeskError.field("from_client", "needs an external_id or a phone");
    }
    String text = text(body, "text");
    String attachment = text(body, "attachment");
    Chat2DeskMessages.checkContent(text, attachment);
    Chat2DeskClients clients = c2d.clients();
    Chat2DeskClients.Client client = (externalId != null ? clients.byExternalId(channelId, externalId)
        : clients.byPhone(channelId, phone)).orElseGet(() -> clients.create(channelId, nickname, phone, externalId));
    if (nickname != null && !nickname.isBlank()) {
      client.name = nickname;
    }
    return c2d.messages().fromClient(client, text, attachment, text(body, "attachment_filename"),
        text(body, "external_id"));
  }
}
