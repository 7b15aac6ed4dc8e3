package io.baton.sandbox.chat2desk;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The human operators on the agent desk: a dialog shows once it went to a human operator or a group's queue. It waits
 * (QUEUED) until an operator accepts it: the one named (by first name, full name, email or id), else the one it was
 * transferred to, else a new operator of that name (someone signing in at the desk); then (ACTIVE) that operator
 * writes (an {@code outbox} with their id), transfers it to another operator (who has it at once), or closes it
 * ({@code close_dialog}). The desk shows an operator by first name. A dialog back with the bot reads ENDED here, as
 * does a closed one.
 */
final class Chat2DeskDesk {
  private final Chat2DeskSimulator c2d;
  private final Desk desk;

  Chat2DeskDesk(Chat2DeskSimulator c2d) {
    this.c2d = c2d;
    this.desk = Desk.of(Chat2DeskSimulator.NAME, this::chats, this::chat)
        .accept(this::accept)
        .say((id, text) -> act(id, true, d -> c2d.operatorWrites(d.id, text, null, null)))
        .transfer((id, name) -> act(id, false, d -> {
          // Handed to a colleague at the desk, who has it at once (as on the other desks).
          long to = operatorNamed(name).id;
          c2d.dialogs().transfer(d, to, false);
          c2d.dialogs().accept(d, to);
        }))
        .end(id -> act(id, false, d -> c2d.dialogs().close(d)))
        .refusals(e -> e instanceof Chat2DeskError err ? new DeskException(
            err.field() != null ? 400 : err.status() == 404 ? 404 : 409, err.getMessage()) : null)
        .build();
  }

  AgentDesk desk() {
    return desk;
  }

  private interface DialogAction {
    void run(Chat2DeskDialogs.Dialog d);
  }

  private void accept(String id, String agentName) {
    c2d.locked(() -> {
      Chat2DeskDialogs.Dialog d = onDesk(id);
      if (status(d) != DeskStatus.QUEUED) {
        throw new DeskException(409, "Dialog " + id + " is " + status(d) + ", not QUEUED");
      }
      long operator = c2d.company().operatorNamed(agentName).map(o -> o.id).orElseGet(() -> d.operatorId != null
          ? d.operatorId : c2d.company().operatorNamedOrNew(agentName).id);
      c2d.dialogs().accept(d, operator);
    });
  }

  private void act(String id, boolean activeOnly, DialogAction action) {
    c2d.locked(() -> {
      Chat2DeskDialogs.Dialog d = onDesk(id);
      DeskStatus s = status(d);
      if (activeOnly ? s != DeskStatus.ACTIVE : s == DeskStatus.ENDED) {
        throw new DeskException(409, "Dialog " + id + " is " + s + (activeOnly ? ", not ACTIVE" : ""));
      }
      action.run(d);
    });
  }

  private Chat2DeskCompany.Operator operatorNamed(String name) {
    return c2d.company().operatorNamedOrNew(name);
  }

  private Chat2DeskDialogs.Dialog onDesk(String id) {
    try {
      Optional<Chat2DeskDialogs.Dialog> d = c2d.dialogs().find(Long.parseLong(id));
      if (d.isPresent() && d.get().onDesk) {
        return d.get();
      }
    } catch (NumberFormatException e) {
      // not a dialog id
    }
    throw DeskException.notFound(Chat2DeskSimulator.NAME, id);
  }

  private static DeskStatus status(Chat2DeskDialogs.Dialog d) {
    if (!d.open()) {
      return DeskStatus.ENDED;
    }
    if (d.queueGroupId != null) {
      return DeskStatus.QUEUED;
    }
    if (d.operatorId == null || d.operatorId == Chat2DeskCompany.BOT_OPERATOR_ID) {
      return DeskStatus.ENDED;
    }
    return d.accepted ? DeskStatus.ACTIVE : DeskStatus.QUEUED;
  }

  List<DeskChat> chats() {
    return c2d.locked(() -> c2d.dialogs().all().stream().filter(d -> d.onDesk).map(this::view).toList());
  }

  Optional<DeskChat> chat(String id) {
    return c2d.locked(() -> {
      try {
        return c2d.dialogs().find(Long.parseLong(id)).filter(d -> d.onDesk).map(this::view);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  private DeskChat view(Chat2DeskDialogs.Dialog d) {
    Chat2DeskClients.Client client = c2d.clients().get(d.clientId);
    Chat2DeskCompany.Channel channel = c2d.company().channel(d.channelId);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Channel", channel.name() + " (" + channel.transport() + ")");
    context.put("Client id", Long.toString(client.id));
    if (client.phone != null) {
      context.put("Phone", client.phone);
    }
    if (d.queueGroupId != null) {
      context.put("Queue", c2d.company().group(d.queueGroupId).name());
    }
    String agent = d.operatorId == null || d.operatorId == Chat2DeskCompany.BOT_OPERATOR_ID ? null
        : c2d.company().operator(d.operatorId).firstName; // as the visitor is told who joined
    List<DeskLine> transcript = c2d.messages().ofDialog(d.id).stream().map(m -> new DeskLine(from(m), text(m), m.at()))
        .toList();
    String visitor = client.name != null ? client.name : client.phone != null ? client.phone : "Client " + client.id;
    return new DeskChat(Chat2DeskSimulator.NAME, Long.toString(d.id), status(d), d.waitingSince, agent, visitor,
        context, transcript);
  }

  private static String from(Chat2DeskMessage m) {
    if (m.type().equals(Chat2DeskMessage.FROM_CLIENT)) {
      return DeskLine.VISITOR;
    }
    if (!m.toClient()) {
      return DeskLine.SYSTEM;
    }
    return m.operatorId() != null && m.operatorId() != Chat2DeskCompany.BOT_OPERATOR_ID ? DeskLine.AGENT
        : DeskLine.BOT;
  }

  private static String text(Chat2DeskMessage m) {
    String text = m.text() == null ? "" : m.text();
    if (m.attachment() != null) {
      text = (text.isEmpty() ? "" : text + " ") + "[file] " + m.attachment();
    }
    if (!m.buttons().isEmpty()) {
      text += " [buttons: " + String.join(", ", m.buttons().stream().map(Chat2DeskMessage.Button::text).toList())
          + "]";
    }
    return text;
  }
}
