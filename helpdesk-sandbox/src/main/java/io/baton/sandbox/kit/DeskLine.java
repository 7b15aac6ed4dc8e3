package io.baton.sandbox.kit;

import java.time.Instant;

/**
 * One line of a chat's transcript.
 *
 * @param from {@code visitor}, {@code agent}, {@code bot} or {@code system}
 */
public record DeskLine(String from, String text, Instant at) {
  public static final String VISITOR = "visitor";
  public static final String AGENT = "agent";
  public static final String BOT = "bot";
  public static final String SYSTEM = "system";
}
