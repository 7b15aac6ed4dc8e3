package io.baton.connector.chats;

import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform for the runtime's own tests: it records what the runtime asks of it. Its link state is version 2
 * ({@code deskId}, {@code sent}); version 1 called the desk id {@code id}. A pushed event's payload is
 * {@code "say:<text>"} or {@code "closed"}.
 */
final class FakeDesk implements ChatPlatform<FakeDesk.State> {
  static final class State {
    final String deskId;
    volatile int sent;

    State(String deskId) {
      this.deskId = deskId;
    }
  }

  final Platform platform;
  final List<String> calls = new CopyOnWriteArrayList<>();

  FakeDesk(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public LinkCodec<State> codec() {
    return new LinkCodec<>() {
      @Override
      public int version() {
        return 2;
      }

      @Override
      public Map<String, String> encode(State s) {
        Map<String, String> m = new HashMap<>();
        m.put("deskId", s.deskId);
        m.put("sent", Integer.toString(s.sent));
        return m;
      }

      @Override
      public State decode(int version, Map<String, String> m) {
        State s = new State(LinkCodec.required(m, version == 1 ? "id" : "deskId"));
        s.sent = (int) LinkCodec.number(m, "sent", 0);
        return s;
      }
    };
  }

  @Override
  public CompletionStage<Void> open(Chat<State> chat, StartChat start) {
    calls.add((chat.state() == null ? "open " : "open again ") + chat.conversationId());
    if (chat.state() != null) {
      return CompletableFuture.completedFuture(null); // opened before: nothing to do again
    }
    chat.state(new State("desk-" + chat.conversationId()));
    return chat.publishWithLink("queued", new ChatQueued(1, null));
  }

  @Override
  public CompletionStage<Void> send(Chat<State> chat, String commandId, VisitorMessage message) {
    calls.add("send " + chat.conversationId() + " " + message.getText());
    chat.state().sent++;
    return chat.saveLink();
  }

  @Override
  public CompletionStage<Void> typing(Chat<State> chat, String commandId, boolean typing) {
    calls.add("typing " + chat.conversationId() + " " + typing);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> end(Chat<State> chat, String commandId, String reason) {
    calls.add("end " + chat.conversationId());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void listen(Chat<State> chat) {
    calls.add("listen " + chat.conversationId() + " " + chat.state().deskId + " sent=" + chat.state().sent);
  }

  @Override
  public ChatWrite activity(Chat<State> chat, PlatformActivity activity) {
    String payload = StandardCharsets.UTF_8.decode(activity.getPayload().duplicate()).toString();
    if (payload.equals("boom")) {
      throw new IllegalArgumentException("the desk cannot read this event");
    }
    if (payload.equals("closed")) {
      var ended = chat.endedByPlatform(EndedBy.agent, "closed");
      return ended == null ? null : ChatWrite.event(activity.getPlatformEventId(), ended);
    }
    return ChatWrite.event(activity.getPlatformEventId(), new AgentMessage(payload.substring(4), "Ann", List.of()));
  }
}
