package io.baton.sandbox.kustomer;

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
import java.util.function.Consumer;

/**
 * Kustomer's agents on the agent desk: a chat conversation waits (QUEUED) while open with nobody assigned; accept
 * assigns it to the agent (an org user found by name, or a new one signing in), say is an outbound message by that
 * agent ({@code auto:false}), typing goes out as {@code kustomer.conversation.typing}, transfer reassigns, leave
 * unassigns (it waits again), end marks it done. Each fires the webhook the contract names.
 */
final class KustomerDesk {
  private final KustomerSimulator k;
  private final Desk desk;

  KustomerDesk(KustomerSimulator k) {
    this.k = k;
    this.desk = Desk.of(KustomerSimulator.NAME, this::chats, this::chat)
        .accept((id, name) -> act(id, DeskStatus.QUEUED, c -> k.conversations().assign(c,
            List.of(k.org().agentNamed(name).id()))))
        .say((id, text) -> act(id, DeskStatus.ACTIVE, c -> k.conversations().fromUser(c, c.assignedUsers.get(0),
            text, List.of(), false)))
        .typing((id, on) -> act(id, DeskStatus.ACTIVE, c -> k.conversations().typing(c, c.assignedUsers.get(0), on)))
        .leave(id -> act(id, DeskStatus.ACTIVE, c -> k.conversations().assign(c, List.of())))
        .transfer((id, name) -> act(id, null, c -> k.conversations().assign(c,
            List.of(k.org().agentNamed(name).id()))))
        .end(id -> act(id, null, c -> k.conversations().update(c, KustomerConversation.DONE, null)))
        .refusals(e -> e instanceof KustomerError err ? new DeskException(
            err.status() == 404 || err.status() == 400 ? err.status() : 409, err.getMessage()) : null)
        .build();
  }

  AgentDesk desk() {
    return desk;
  }

  /** The agent who has the chat sends files (and optional text): what the console's "Attach" does. */
  void attach(String id, String text, List<KustomerMessage.Attachment> files) {
    desk.refusing(() -> act(id, DeskStatus.ACTIVE, c -> k.conversations().fromUser(c, c.assignedUsers.get(0), text,
        files, false)));
  }

  /** Runs the action when the chat is in {@code state} (null: any state but ENDED). */
  private void act(String id, DeskStatus state, Consumer<KustomerConversation> action) {
    k.locked(() -> {
      KustomerConversation c = k.conversations().find(id).orElseThrow(() -> DeskException.notFound(
          KustomerSimulator.NAME, id));
      DeskStatus now = status(c);
      if (state != null ? now != state : now == DeskStatus.ENDED) {
        throw new DeskException(409, "Conversation " + id + " is " + now + (state != null ? ", not " + state : ""));
      }
      action.accept(c);
    });
  }

  static DeskStatus status(KustomerConversation c) {
    if (c.done()) {
      return DeskStatus.ENDED;
    }
    return c.assignedUsers.isEmpty() ? DeskStatus.QUEUED : DeskStatus.ACTIVE;
  }

  private List<DeskChat> chats() {
    return k.locked(() -> k.conversations().all().stream().map(this::view).toList());
  }

  private Optional<DeskChat> chat(String id) {
    return k.locked(() -> k.conversations().find(id).map(this::view));
  }

  private DeskChat view(KustomerConversation c) {
    KustomerCustomers.Customer customer = k.customers().get(c.customerId);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Customer", customer.name == null ? "(no name)" : customer.name);
    if (customer.email() != null) {
      context.put("Email", customer.email());
    }
    if (!customer.tags.isEmpty()) {
      context.put("Customer tags", String.join(", ", customer.tags));
    }
    context.put("Queue", c.queueId == null ? "(none)" : k.org().queue(c.queueId).map(KustomerOrg.Queue::name)
        .orElse(c.queueId));
    if (!c.tags.isEmpty()) {
      context.put("Conversation tags", String.join(", ", c.tags));
    }
    if (c.externalId != null) {
      context.put("External id", c.externalId);
    }
    if (c.customerTyping) {
      context.put("Customer", context.get("Customer") + " (typing…)");
    }
    String agent = c.assignedUsers.isEmpty() ? null : k.org().user(c.assignedUsers.get(0))
        .map(KustomerOrg.User::displayName).orElse(c.assignedUsers.get(0));
    String visitor = customer.name != null ? customer.name : customer.email() != null ? customer.email()
        : "Customer " + customer.id;
    List<DeskLine> transcript = c.messages.stream().map(m -> new DeskLine(from(m), text(m), m.createdAt())).toList();
    return new DeskChat(KustomerSimulator.NAME, c.id, status(c), status(c) == DeskStatus.QUEUED ? c.waitingSince
        : null, agent, visitor, context, transcript);
  }

  private String from(KustomerMessage m) {
    if (m.inbound()) {
      return DeskLine.VISITOR;
    }
    boolean agent = !m.auto() && k.org().user(m.createdBy()).map(KustomerOrg.User::agent).orElse(false);
    return agent ? DeskLine.AGENT : DeskLine.BOT;
  }

  private static String text(KustomerMessage m) {
    StringBuilder text = new StringBuilder(m.body() == null ? "" : m.body());
    for (KustomerMessage.Attachment a : m.attachments()) {
      text.append(text.length() == 0 ? "" : " ").append("[file] ").append(a.name()).append(" ").append(a.url());
    }
    return text.toString();
  }
}
