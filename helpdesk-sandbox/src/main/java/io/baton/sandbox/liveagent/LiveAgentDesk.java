package io.baton.sandbox.liveagent;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskAction;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Live Agent agent's actions in the desk's vocabulary: accept, ChatMessage, AgentTyping/AgentNotTyping,
 * AgentDisconnect (leave: the chat waits in the queue again), ChatTransferred, ChatEnded.
 */
final class LiveAgentDesk implements AgentDesk {
  private final LiveAgentSimulator simulator;

  LiveAgentDesk(LiveAgentSimulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public String platform() {
    return LiveAgentSimulator.NAME;
  }

  @Override
  public Set<DeskAction> actions() {
    return EnumSet.allOf(DeskAction.class);
  }

  @Override
  public List<DeskChat> chats() {
    return simulator.deskChats();
  }

  @Override
  public Optional<DeskChat> chat(String chatId) {
    return simulator.deskChat(chatId);
  }

  @Override
  public void accept(String chatId, String agentName) {
    act(() -> simulator.accept(chatId, agentName));
  }

  @Override
  public void say(String chatId, String text) {
    act(() -> simulator.agentSays(chatId, text));
  }

  @Override
  public void typing(String chatId, boolean typing) {
    act(() -> simulator.agentTyping(chatId, typing));
  }

  @Override
  public void leave(String chatId) {
    act(() -> simulator.agentDisconnect(chatId));
  }

  @Override
  public void transfer(String chatId, String agentName) {
    act(() -> simulator.transfer(chatId, agentName));
  }

  @Override
  public void end(String chatId) {
    act(() -> simulator.endByAgent(chatId));
  }

  /** The simulator's refusals in the desk's terms. */
  private static void act(Runnable action) {
    try {
      action.run();
    } catch (ChatNotFoundException e) {
      throw new DeskException(404, e.getMessage());
    } catch (ChatStateException e) {
      throw new DeskException(409, e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DeskException(400, e.getMessage());
    }
  }
}
