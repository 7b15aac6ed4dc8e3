package io.baton.sandbox.freshchat;

import io.baton.sandbox.freshchat.FreshchatConversations.Actor;
import io.baton.sandbox.freshchat.FreshchatConversations.Conversation;
import io.baton.sandbox.freshchat.FreshchatConversations.Update;
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
 * Freshchat's agents on the agent desk: every conversation shows, QUEUED while no agent has it, ACTIVE once one has,
 * ENDED when resolved. Accept assigns it to the agent named (by first name, full name, email or id; a new agent of
 * that name otherwise) ({@code conversation_assignment}, the agent as assignor); say is that agent's message
 * ({@code message_create}); a private note ({@link #note}) is one with {@code message_type:"private"}; transfer
 * reassigns it to another agent; end resolves it ({@code conversation_resolution}). No typing, no leave. The desk
 * shows an agent by first name; the initial messages the agents' side sent (normal or private) show as the bot's.
 */
final class FreshchatDesk {
  private final FreshchatSimulator fc;
  private final Desk desk;

  FreshchatDesk(FreshchatSimulator fc) {
    this.fc = fc;
    this.desk = Desk.of(FreshchatSimulator.NAME, this::chats, this::chat)
        .accept((id, name) -> act(id, DeskStatus.QUEUED, c -> {
          String agent = fc.account().agentNamedOrNew(name).id();
          fc.conversationStore().update(c, new Update(null, agent, true, null, false), Actor.agent(agent));
        }))
        .say((id, text) -> act(id, DeskStatus.ACTIVE, c -> agentWrites(c, text, FreshchatMessage.NORMAL)))
        .transfer((id, name) -> act(id, DeskStatus.ACTIVE, c -> {
          String to = fc.account().agentNamedOrNew(name).id();
          if (to.equals(c.agentId)) {
            throw new DeskException(409, "conversation " + id + " is already " + name + "'s");
          }
          fc.conversationStore().update(c, new Update(null, to, true, null, false), Actor.agent(c.agentId));
        }))
        .end(id -> act(id, DeskStatus.ACTIVE, c -> fc.conversationStore().update(c,
            new Update(FreshchatConversations.RESOLVED, null, false, null, false), Actor.agent(c.agentId))))
        .refusals(e -> e instanceof FreshchatError err
            ? new DeskException(err.code() == 404 ? 404 : 409, err.getMessage()) : null)
        .build();
  }

  AgentDesk desk() {
    return desk;
  }

  /** The conversation's agent writes a private note: the visitor never sees it. */
  FreshchatMessage note(String id, String text) {
    FreshchatMessage[] note = new FreshchatMessage[1];
    desk.refusing(() -> act(id, DeskStatus.ACTIVE, c -> note[0] = agentWrites(c, text, FreshchatMessage.PRIVATE)));
    return note[0];
  }

  private FreshchatMessage agentWrites(Conversation c, String text, String type) {
    if (text == null || text.isBlank()) {
      throw new DeskException(400, "text is required");
    }
    return fc.conversationStore().post(c, new MessageInput(FreshchatMessage.AGENT, c.agentId, type,
        List.of(Map.of("text", Map.of("content", text)))));
  }

  private interface Action {
    void run(Conversation c);
  }

  private void act(String id, DeskStatus needed, Action action) {
    fc.locked(() -> {
      Conversation c = fc.conversationStore().find(id).orElseThrow(() -> DeskException.notFound(FreshchatSimulator.NAME,
          id));
      DeskStatus s = status(c);
      if (s != needed) {
        throw new DeskException(409, "conversation " + id + " is " + s + ", not " + needed);
      }
      action.run(c);
    });
  }

  static DeskStatus status(Conversation c) {
    return c.resolved() ? DeskStatus.ENDED : c.agentId != null ? DeskStatus.ACTIVE : DeskStatus.QUEUED;
  }

  private List<DeskChat> chats() {
    return fc.locked(() -> fc.conversationStore().all().stream().map(this::view).toList());
  }

  private Optional<DeskChat> chat(String id) {
    return fc.locked(() -> fc.conversationStore().find(id).map(this::view));
  }

  private DeskChat view(Conversation c) {
    FreshchatUsers.User user = fc.users().get(c.userIds.get(0));
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Name", user.displayName());
    putIfSet(context, "Email", user.email());
    putIfSet(context, "Reference id", user.referenceId());
    putIfSet(context, "Group", c.groupId == null ? null : fc.account().group(c.groupId).name());
    context.put("Channel", fc.account().channel(c.channelId).name());
    c.properties.forEach((name, value) -> context.put(name, String.valueOf(value)));
    String agent = c.agentId == null ? null : fc.account().agent(c.agentId).firstName();
    List<DeskLine> transcript = c.messages.stream().map(m -> new DeskLine(from(m),
        m.isPrivate() && !m.initial() ? "[private note] " + m.text() : m.text(), m.createdTime())).toList();
    return new DeskChat(FreshchatSimulator.NAME, c.id, status(c), c.waitingSince, agent, user.displayName(),
        context, transcript);
  }

  private static String from(FreshchatMessage m) {
    if (m.actorType().equals(FreshchatMessage.USER)) {
      return DeskLine.VISITOR;
    }
    if (m.initial()) {
      return DeskLine.BOT; // the transcript the conversation was opened with, private notes or not
    }
    return m.isPrivate() ? DeskLine.SYSTEM : DeskLine.AGENT;
  }

  private static void putIfSet(Map<String, String> map, String label, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(label, value);
    }
  }
}
