package io.baton.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Faults on demand for a simulated API (one instance for Live Agent REST, one for MIAW's visitor API): the next N
 * calls (optionally only of one path under the API's base, such as {@code Chasitor/ChatMessage}) answer an error
 * status (429 with {@code Retry-After}, 500, 502, 503...) without reaching the simulator, so a refused request changes
 * nothing and may be resent; or they are answered only after a delay. Live Agent's session faults (403 expiry, 503
 * affinity change) are on {@code LiveAgentSimulator#expireSession} and {@code LiveAgentSimulator#changeAffinity}.
 */
public final class ApiFaults {

  /**
   * @param path       a path under {@code /chat/rest/}, or null for every call
   * @param status     the status to answer, or 0 for a slow answer
   * @param retryAfter sent as {@code Retry-After} (whole seconds) when not null
   * @param delay      how long a slow answer waits
   * @param remaining  how many more calls it hits
   */
  public record Fault(String path, int status, Duration retryAfter, Duration delay, int remaining) {
    boolean matches(String requestPath) {
      return path == null || path.equals(requestPath);
    }
  }

  private final List<Fault> faults = new ArrayList<>();

  /** The next {@code count} matching calls answer {@code status}. */
  public synchronized void failNext(String path, int status, Duration retryAfter, int count) {
    if (status < 400 || status > 599 || count < 1) {
      throw new IllegalArgumentException("a fault needs a 4xx/5xx status and a positive count");
    }
    faults.add(new Fault(path, status, retryAfter, Duration.ZERO, count));
  }

  /** The next {@code count} matching calls are answered only after {@code delay}. */
  public synchronized void slowNext(String path, Duration delay, int count) {
    if (delay.isNegative() || delay.isZero() || count < 1) {
      throw new IllegalArgumentException("a slow answer needs a positive delay and count");
    }
    faults.add(new Fault(path, 0, null, delay, count));
  }

  public synchronized void clear() {
    faults.clear();
  }

  public synchronized List<Fault> pending() {
    return List.copyOf(faults);
  }

  /** Takes the first fault that matches this call, counting it down. */
  public synchronized Optional<Fault> take(String requestPath) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.matches(requestPath)) {
        if (f.remaining() <= 1) {
          faults.remove(i);
        } else {
          faults.set(i, new Fault(f.path(), f.status(), f.retryAfter(), f.delay(), f.remaining() - 1));
        }
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
