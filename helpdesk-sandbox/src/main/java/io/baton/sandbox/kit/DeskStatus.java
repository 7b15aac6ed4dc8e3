package io.baton.sandbox.kit;

/** Where a chat is, as every platform's agent sees it. */
public enum DeskStatus {
  /** Waiting for an agent. */
  QUEUED,
  /** An agent has it: messages flow both ways. */
  ACTIVE,
  /** Over. */
  ENDED
}
