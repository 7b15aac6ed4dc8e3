package io.baton.sandbox.miaw;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskAction;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The MIAW agent's actions in the desk's vocabulary: accept (participant added), message, typing indicators, leave
 * (participant removed; the conversation is routed again) and end (close). No transfer.
 */
final class MiawDesk implements AgentDesk {
  private final MiawSimulator simulator;

  MiawDesk(MiawSimulator simulator) {
    this.simulator = simulator;
  }

  @Override
  public String platform() {
    return MiawSimulator.NAME;
  }

  @Override
  public Set<DeskAction> actions() {
    return EnumSet.of(DeskAction.ACCEPT, DeskAction.SAY, DeskAction.TYPING, DeskAction.LEAVE, DeskAction.END);
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
    act(() -> simulator.agentLeaves(chatId));
  }

  @Override
  public void transfer(String chatId, String agentName) {
    throw DeskException.unsupported(platform(), DeskAction.TRANSFER);
  }

  @Override
  public void end(String chatId) {
    act(() -> simulator.endByAgent(chatId));
  }

  private static void act(Runnable action) {
    try {
      action.run();
    } catch (MiawSimulator.Refused e) {
      throw new DeskException(e.status(), e.getMessage());
    }
  }
}
