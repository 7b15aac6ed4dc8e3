package io.baton.bench.soak;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The human agents at the sandbox's desks: each chat that queues for one of the soak's conversations is accepted at
 * once; the agent speaks in the chat it accepted, and what the agent read is the chat's transcript at the sandbox,
 * raw. Works on any platform's {@link AgentDesk}; a desk's chat is matched to its conversation by the visitor's
 * name as the platform shows it.
 */
public final class SoakAgents implements AutoCloseable {
  public static final String AGENT = "Alex";
  private final List<AgentDesk> desks;
  /** The conversation a chat's visitor name belongs to, or null for a chat that is not the soak's. */
  private final Function<String, String> conversationOf;
  private final Map<String, String> chatOf = new ConcurrentHashMap<>(); // conversation -> "platform/chat id"
  private final Map<String, Boolean> accepted = new ConcurrentHashMap<>();
  private final Thread desk;
  private volatile boolean open = true;

  public SoakAgents(List<AgentDesk> desks, Function<String, String> conversationOf) {
    this.desks = List.copyOf(desks);
    this.conversationOf = conversationOf;
    desk = new Thread(this::watch, "soak-agents");
    desk.setDaemon(true);
    desk.start();
  }

  private void watch() {
    while (open) {
      for (AgentDesk d : desks) {
        for (DeskChat chat : d.chats()) {
          String conversation = conversationOf.apply(chat.visitorName());
          if (conversation == null || chat.status() != DeskStatus.QUEUED) {
            continue;
          }
          chatOf.putIfAbsent(conversation, d.platform() + "/" + chat.id());
          if (accepted.putIfAbsent(d.platform() + "/" + chat.id(), true) == null) {
            try {
              d.accept(chat.id(), AGENT);
            } catch (DeskException e) {
              accepted.remove(d.platform() + "/" + chat.id()); // tried again at the next look
            }
          }
        }
      }
      Soak.pause(java.time.Duration.ofMillis(50));
    }
  }

  /** The agent who has {@code conversation}'s chat says {@code text}. */
  public void say(String conversation, String text) {
    String chat = chatOf.get(conversation);
    if (chat == null) {
      throw new IllegalStateException("no chat at any desk for " + conversation);
    }
    int slash = chat.indexOf('/');
    desk(chat.substring(0, slash)).say(chat.substring(slash + 1), text);
  }

  /** The visitor's lines the agent saw in {@code conversation}'s chat, with their times at the sandbox. */
  public List<Delivery.Line> visitorLines(String conversation, String prefix) {
    return chat(conversation).map(c -> c.transcript().stream()
        .filter(l -> l.from().equals(DeskLine.VISITOR) && l.text().startsWith(prefix))
        .map(l -> new Delivery.Line(l.text(), l.at())).toList()).orElse(List.of());
  }

  /** How many chats the desks hold for {@code conversation} (a helpdesk session each). */
  public int sessions(String conversation) {
    int n = 0;
    for (AgentDesk d : desks) {
      n += (int) d.chats().stream().filter(c -> conversation.equals(conversationOf.apply(c.visitorName()))).count();
    }
    return n;
  }

  public boolean active(String conversation) {
    return chat(conversation).map(c -> c.status() == DeskStatus.ACTIVE).orElse(false);
  }

  private Optional<DeskChat> chat(String conversation) {
    String chat = chatOf.get(conversation);
    if (chat == null) {
      return Optional.empty();
    }
    int slash = chat.indexOf('/');
    return desk(chat.substring(0, slash)).chat(chat.substring(slash + 1));
  }

  private AgentDesk desk(String platform) {
    return desks.stream().filter(d -> d.platform().equals(platform)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    open = false;
    desk.interrupt();
  }
}
