package io.baton.sandbox.kit;

/** An agent's action on a chat; {@link AgentDesk#actions()} says which ones a platform has. */
public enum DeskAction {
  ACCEPT, SAY, TYPING, LEAVE, TRANSFER, END
}
