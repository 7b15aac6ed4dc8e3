package io.baton.sandbox.kit;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a human agent does on a platform, in one vocabulary for every simulator. An action the platform does not
 * have is a {@link DeskException} 400, an unknown chat 404, an action the chat's state does not allow 409.
 */
public interface AgentDesk {
  /** Same as {@link Simulator#name()}. */
  String platform();

  /** What this platform's agents can do. */
  Set<DeskAction> actions();

  /** Every chat, newest last. */
  List<DeskChat> chats();

  Optional<DeskChat> chat(String chatId);

  void accept(String chatId, String agentName);

  void say(String chatId, String text);

  void typing(String chatId, boolean typing);

  /** The agent leaves; the chat waits for another agent (where the platform has that). */
  void leave(String chatId);

  void transfer(String chatId, String agentName);

  void end(String chatId);
}
