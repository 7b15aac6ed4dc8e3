package io.baton.sandbox.liveagent;

/** Where a Live Agent chat is, as the agent sees it. */
public enum ChatStatus {
  /** ChasitorInit accepted, waiting in the button's queue for an agent. */
  QUEUED,
  /** An agent accepted it: messages flow both ways. */
  ESTABLISHED,
  /** Over: ended by the visitor, the agent, a timeout, or the request failed (no agent online). */
  ENDED
}
