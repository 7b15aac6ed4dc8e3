package io.baton.sandbox.chat2desk;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every message: a client's (which opens a dialog when the client has none open: {@code inbox}), and those sent to a
 * client through the API or by an operator ({@code outbox} for those the client sees). A second message with the
 * same {@code external_id} for the same client is the first one again and sends nothing. Guarded by the simulator's
 * monitor.
 */
final class Chat2DeskMessages {
  /** Text limit per message [guess], keyboard limits [guess]. */
  static final int MAX_TEXT = 4096;
  static final int MAX_BUTTONS = 10;
  static final int MAX_BUTTON_TEXT = 40;

  /** A message to send, as the API's {@code POST /messages} names it. */
  record Outgoing(long clientId, String text, String attachment, String attachmentFilename, String type,
      Long channelId, Long operatorId, boolean openDialog, String externalId, List<Chat2DeskMessage.Button> buttons) {}

  private final Chat2DeskCompany company;
  private final Chat2DeskClients clients;
  private final Chat2DeskDialogs dialogs;
  private final Chat2DeskEvents events;
  private final Map<Long, Chat2DeskMessage> messages = new LinkedHashMap<>();
  private final Map<String, Long> byExternalId = new HashMap<>(); // "<clientId>|<external_id>" -> message id
  private final AtomicLong nextId = new AtomicLong(1_000_000_000L + (System.currentTimeMillis() % 100_000) * 1000);

  Chat2DeskMessages(Chat2DeskCompany company, Chat2DeskClients clients, Chat2DeskDialogs dialogs,
      Chat2DeskEvents events) {
    this.company = company;
    this.clients = clients;
    this.dialogs = dialogs;
    this.events = events;
  }

  Chat2DeskMessage get(long id) {
    Chat2DeskMessage m = messages.get(id);
    if (m == null) {
      throw Chat2DeskError.notFound("Message");
    }
    return m;
  }

  List<Chat2DeskMessage> ofClient(long clientId) {
    return messages.values().stream().filter(m -> m.clientId() == clientId).toList();
  }

  List<Chat2DeskMessage> ofDialog(long dialogId) {
    return messages.values().stream().filter(m -> Long.valueOf(dialogId).equals(m.dialogId())).toList();
  }

  /** The client writes (text and/or a file's URL); an open dialog takes it, else a new one. */
  Chat2DeskMessage fromClient(Chat2DeskClients.Client client, String text, String attachment, String filename,
      String externalId) {
    checkContent(text, attachment);
    if (externalId != null) {
      Optional<Chat2DeskMessage> first = earlier(client.id, externalId);
      if (first.isPresent()) {
        return first.get();
      }
    }
    boolean newClient = !client.wrote;
    client.wrote = true;
    Chat2DeskDialogs.Dialog d = dialogs.openOf(client.id).orElse(null);
    boolean newRequest = d == null;
    if (d == null) {
      d = dialogs.open(client, null);
    }
    Chat2DeskMessage m = store(new Chat2DeskMessage(nextId.incrementAndGet(), client.id, d.id, client.channelId,
        Chat2DeskMessage.FROM_CLIENT, text, attachment, filename, null, List.of(), externalId, d.requestId,
        Instant.now()), d);
    events.inbox(m, newRequest, newClient);
    return m;
  }

  /** POST /messages: to the client (or a system message or comment), from {@code operatorId} when given. */
  Chat2DeskMessage send(Outgoing out) {
    Chat2DeskClients.Client client = clients.forField("client_id", out.clientId());
    if (!Chat2DeskMessage.SENDABLE.contains(out.type())) {
      throw Chat2DeskError.field("type", "must be one of " + Chat2DeskMessage.SENDABLE);
    }
    checkContent(out.text(), out.attachment());
    checkButtons(out.buttons());
    if (out.channelId() != null && out.channelId() != client.channelId) {
      company.channel(out.channelId());
      throw Chat2DeskError.field("channel_id", "is not the client's channel");
    }
    if (out.operatorId() != null && !company.isOperator(out.operatorId())) {
      throw Chat2DeskError.field("operator_id", "is not an operator of the company");
    }
    if (out.externalId() != null) {
      Optional<Chat2DeskMessage> first = earlier(client.id, out.externalId());
      if (first.isPresent()) {
        return first.get();
      }
    }
    Chat2DeskDialogs.Dialog d = dialogs.openOf(client.id).orElse(null);
    if (d == null && out.openDialog()) {
      d = dialogs.open(client, out.operatorId());
    } else if (d == null) {
      d = dialogs.latestOf(client.id).orElse(null); // the message joins the closed dialog, which stays closed
    }
    Chat2DeskMessage m = store(new Chat2DeskMessage(nextId.incrementAndGet(), client.id, d == null ? null : d.id,
        client.channelId, out.type(), out.text(), out.attachment(), out.attachmentFilename(), out.operatorId(),
        out.buttons(), out.externalId(), d == null ? 0 : d.requestId, Instant.now()), d);
    if (m.toClient()) {
      events.outbox(m);
    }
    return m;
  }

  private Chat2DeskMessage store(Chat2DeskMessage m, Chat2DeskDialogs.Dialog d) {
    messages.put(m.id(), m);
    if (m.externalId() != null) {
      byExternalId.put(m.clientId() + "|" + m.externalId(), m.id());
    }
    if (d != null) {
      d.lastMessageId = m.id();
    }
    return m;
  }

  private Optional<Chat2DeskMessage> earlier(long clientId, String externalId) {
    return Optional.ofNullable(byExternalId.get(clientId + "|" + externalId)).map(messages::get);
  }

  static void checkContent(String text, String attachment) {
    if ((text == null || text.isBlank()) && attachment == null) {
      throw Chat2DeskError.field("text", "is required unless there is an attachment");
    }
    if (text != null && text.length() > MAX_TEXT) {
      throw Chat2DeskError.field("text", "is too long (at most " + MAX_TEXT + " characters)");
    }
    if (attachment != null && !isHttpUrl(attachment)) {
      throw Chat2DeskError.field("attachment", "must be an http(s) URL");
    }
  }

  private static void checkButtons(List<Chat2DeskMessage.Button> buttons) {
    if (buttons.size() > MAX_BUTTONS) {
      throw Chat2DeskError.field("keyboard", "has more than " + MAX_BUTTONS + " buttons");
    }
    for (Chat2DeskMessage.Button b : buttons) {
      if (!b.type().equals("reply")) {
        throw Chat2DeskError.field("keyboard", "button type must be reply");
      }
      if (b.text() == null || b.text().isBlank() || b.text().length() > MAX_BUTTON_TEXT) {
        throw Chat2DeskError.field("keyboard", "button text must have 1 to " + MAX_BUTTON_TEXT + " characters");
      }
    }
  }

  static boolean isHttpUrl(String url) {
    try {
      URI u = new URI(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
