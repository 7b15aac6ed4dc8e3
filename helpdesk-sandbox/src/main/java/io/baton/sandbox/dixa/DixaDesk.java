package io.baton.sandbox.dixa;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskAction;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The Dixa agent's actions in the desk's vocabulary: assign (accept), an outbound Member message (say), typing
 * (TYPING_STARTED; stopping sends nothing), unassign (leave) and close (end). No transfer to another agent.
 */
final class DixaDesk implements AgentDesk {
  private final DixaSimulator dixa;

  DixaDesk(DixaSimulator dixa) {
    this.dixa = dixa;
  }

  @Override
  public String platform() {
    return DixaSimulator.NAME;
  }

  @Override
  public Set<DeskAction> actions() {
    return EnumSet.of(DeskAction.ACCEPT, DeskAction.SAY, DeskAction.TYPING, DeskAction.LEAVE, DeskAction.END);
  }

  @Override
  public List<DeskChat> chats() {
    return dixa.deskChats();
  }

  @Override
  public Optional<DeskChat> chat(String chatId) {
    try {
      return dixa.deskChat(Long.parseLong(chatId));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void accept(String chatId, String agentName) {
    act(chatId, DeskStatus.QUEUED, id -> dixa.assign(id, agentName));
  }

  @Override
  public void say(String chatId, String text) {
    act(chatId, DeskStatus.ACTIVE, id -> dixa.reply(id, text));
  }

  @Override
  public void typing(String chatId, boolean typing) {
    act(chatId, DeskStatus.ACTIVE, id -> {
      if (typing) {
        dixa.typing(id);
      }
    });
  }

  @Override
  public void leave(String chatId) {
    act(chatId, DeskStatus.ACTIVE, dixa::unassign);
  }

  @Override
  public void transfer(String chatId, String agentName) {
    throw DeskException.unsupported(platform(), DeskAction.TRANSFER);
  }

  @Override
  public void end(String chatId) {
    DeskChat chat = chat(chatId).orElseThrow(() -> DeskException.notFound(platform(), chatId));
    if (chat.status() == DeskStatus.ENDED) {
      throw new DeskException(409, "Conversation " + chatId + " is over");
    }
    act(chatId, chat.status(), dixa::closeByAgent);
  }

  /** Checks the conversation is in {@code required} (409 otherwise) and acts, Dixa's errors in the desk's terms. */
  private void act(String chatId, DeskStatus required, LongConsumer action) {
    DeskChat chat = chat(chatId).orElseThrow(() -> DeskException.notFound(platform(), chatId));
    if (chat.status() != required) {
      throw new DeskException(409, "Conversation " + chatId + " is " + chat.status() + ", not " + required);
    }
    try {
      action.accept(Long.parseLong(chatId));
    } catch (DixaError e) {
      throw new DeskException(e.status(), e.getMessage());
    }
  }
}
