package io.baton.connector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ONLY: lets a crash test kill a connector's JVM at a named point of its delivery path, as a power cut would
 * there. Armed only by the environment variable {@code BATON_TEST_CRASH_AT=<point>:<match>} (never set it in a
 * deployment): the first time {@code <point>} is reached with a detail containing {@code <match>}, the JVM halts at
 * once ({@link Runtime#halt}: no shutdown hooks, no commit, no flush). Without the variable every call is a no-op.
 *
 * <p>Points: {@value #EVENTS_ACKED} (a chat's agent events acknowledged, its link not yet sent; detail: the events),
 * {@value #LINK_WRITTEN} (a chat's link acknowledged, what follows it, such as the next poll, not yet done; detail:
 * the events written with it), {@value #PLATFORM_CALL_DONE} (the platform accepted a command, nothing recorded yet;
 * detail: the command's event id), {@value #COMMAND_DONE} (the command's sequence is in the link, its offset not
 * yet counted as finished; detail: the command's event id).
 */
public final class CrashPoints {
  public static final String ENV = "BATON_TEST_CRASH_AT";
  public static final String EVENTS_ACKED = "events-acked";
  public static final String LINK_WRITTEN = "link-written";
  public static final String PLATFORM_CALL_DONE = "platform-call-done";
  public static final String COMMAND_DONE = "command-done";
  private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);
  private static final String POINT;
  private static final String MATCH;

  static {
    String armed = System.getenv(ENV);
    int colon = armed == null ? -1 : armed.indexOf(':');
    POINT = colon > 0 ? armed.substring(0, colon) : null;
    MATCH = colon > 0 ? armed.substring(colon + 1) : null;
    if (POINT != null) {
      log.warn("TEST ONLY: {} is set; this JVM halts at {} on '{}'", ENV, POINT, MATCH);
    }
  }

  private CrashPoints() {}

  /** Whether a crash point is armed in this JVM (to skip building details otherwise). */
  public static boolean armed() {
    return POINT != null;
  }

  /** Halts the JVM when the test armed this point for this detail; else nothing. */
  public static void reached(String point, Object detail) {
    if (POINT != null && POINT.equals(point) && String.valueOf(detail).contains(MATCH)) {
      log.warn("TEST ONLY: halting at {} ({})", point, detail);
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
