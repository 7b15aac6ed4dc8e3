package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults on demand for a simulated API, the same for every simulator: the next N calls (optionally only those of one
 * key: a path under the API's base such as {@code Chasitor/ChatMessage}, or an operation such as Dixa's
 * {@code import}) answer an error status (429 with {@code Retry-After}, 500, 502, 503...) without reaching the
 * simulator, so a refused request changes nothing and may be resent; or they are carried out and answered only after
 * a delay (slow answers); or they are carried out and answered 503 (lost answers: the client cannot tell and tries
 * again). Platform-specific faults (Live Agent's 403 expiry, MIAW's dropped streams) stay on their simulators.
 */
public final class ApiFaults {
  private static final String SLOW = "sandbox.fault.slow";
  private static final String LOST = "sandbox.fault.lost";

  /**
   * @param path       the key it hits (a path under the API's base, or an operation), or null for every call
   * @param status     the status to answer without reaching the simulator; 0 for a slow or a lost answer
   * @param retryAfter sent as {@code Retry-After} (whole seconds) when not null
   * @param delay      how long a slow answer waits (zero otherwise)
   * @param lost       the call is carried out and answered 503
   * @param remaining  how many more calls it hits
   */
  public record Fault(String path, int status, Duration retryAfter, Duration delay, boolean lost, int remaining) {
    boolean matches(String key) {
      return path == null || path.equals(key);
    }

    Fault countedDown() {
      return new Fault(path, status, retryAfter, delay, lost, remaining - 1);
    }
  }

  private final List<Fault> faults = new ArrayList<>();

  /** The next {@code count} matching calls answer {@code status} without reaching the simulator. */
  public synchronized void failNext(String path, int status, Duration retryAfter, int count) {
    if (status < 400 || status > 599 || count < 1) {
      throw new IllegalArgumentException("a fault needs a 4xx/5xx status and a positive count");
    }
    faults.add(new Fault(path, status, retryAfter, Duration.ZERO, false, count));
  }

  /** The next {@code count} matching calls are carried out and answered only after {@code delay}. */
  public synchronized void slowNext(String path, Duration delay, int count) {
    if (delay.isNegative() || delay.isZero() || count < 1) {
      throw new IllegalArgumentException("a slow answer needs a positive delay and count");
    }
    faults.add(new Fault(path, 0, null, delay, false, count));
  }

  /** The next {@code count} matching calls are carried out but answered 503, as when the answer is lost. */
  public synchronized void loseNext(String path, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a lost answer needs a positive count");
    }
    faults.add(new Fault(path, 0, null, Duration.ZERO, true, count));
  }

  public synchronized void clear() {
    faults.clear();
  }

  public synchronized List<Fault> pending() {
    return List.copyOf(faults);
  }

  /** Takes the first fault that matches this call, counting it down. */
  public synchronized Optional<Fault> take(String key) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.matches(key)) {
        if (f.remaining() <= 1) {
          faults.remove(i);
        } else {
          faults.set(i, f.countedDown());
        }
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Before a call with this key: answers a refusing fault (true: the caller must stop) or remembers a slow or lost
   * answer for {@link #afterCall}.
   */
  public boolean refuse(Context ctx, String key, ErrorAnswer answer) {
    Fault f = take(key).orElse(null);
    if (f == null) {
      return false;
    }
    if (f.status() != 0) {
      if (f.retryAfter() != null) {
        ctx.header("Retry-After", Long.toString(f.retryAfter().toSeconds()));
      }
      answer.write(ctx, f.status(), "Injected fault");
      return true;
    }
    ctx.attribute(f.lost() ? LOST : SLOW, f.lost() ? Boolean.TRUE : f.delay());
    return false;
  }

  /** After the call was carried out: holds a slow answer back, replaces a lost one by a 503. */
  public static void afterCall(Context ctx, ErrorAnswer answer) throws InterruptedException {
    Duration delay = ctx.attribute(SLOW);
    if (delay != null) {
      Thread.sleep(delay.toMillis()); // a simulator's slow answer: holding this request's thread is fine
    }
    if (ctx.attribute(LOST) != null) {
      answer.write(ctx, 503, "Service Unavailable");
    }
  }

  /** Guards every call under {@code basePath}; the key of a call is its path under the base. */
  public void guard(Javalin app, String basePath, ErrorAnswer answer) {
    String base = basePath.endsWith("/") ? basePath : basePath + "/";
    app.before(base + "*", ctx -> {
      if (refuse(ctx, ctx.path().substring(base.length()), answer)) {
        ctx.skipRemainingHandlers();
      }
    });
    app.after(base + "*", ctx -> afterCall(ctx, answer));
  }

  /**
   * Serves these faults as JSON at {@code path}: {@code GET} lists, {@code DELETE} clears, {@code POST {"path"?,
   * "status", "retryAfterSeconds"?, "count"?}} fails, {@code {"path"?, "delayMs", "count"?}} slows,
   * {@code {"path"?, "lost": true, "count"?}} loses answers. Errors are problem+json.
   */
  public void serve(Javalin app, String path) {
    app.get(path, ctx -> KitJson.write(ctx, 200, view()));
    app.delete(path, ctx -> {
      clear();
      KitJson.write(ctx, 200, List.of());
    });
    app.post(path, ctx -> {
      JsonNode body = KitJson.readOrNull(ctx.body());
      if (body == null || !body.isObject()) {
        KitJson.problem(ctx, 400, "bad-request", "Bad request",
            "Body must be {\"path\"?, \"status\"?, \"retryAfterSeconds\"?, \"delayMs\"?, \"lost\"?, \"count\"?}");
        return;
      }
      String key = body.path("path").isTextual() ? body.get("path").asText() : null;
      int count = body.path("count").asInt(1);
      try {
        if (body.has("delayMs")) {
          slowNext(key, Duration.ofMillis(body.get("delayMs").asLong()), count);
        } else if (body.path("lost").asBoolean(false)) {
          loseNext(key, count);
        } else {
          Duration retryAfter = body.has("retryAfterSeconds")
              ? Duration.ofSeconds(body.get("retryAfterSeconds").asLong()) : null;
          failNext(key, body.path("status").asInt(0), retryAfter, count);
        }
      } catch (IllegalArgumentException e) {
        KitJson.problem(ctx, 400, "bad-request", "Bad request", e.getMessage());
        return;
      }
      KitJson.write(ctx, 201, view());
    });
  }

  private List<Map<String, Object>> view() {
    return pending().stream().map(f -> KitJson.object("path", f.path(), "status", f.status(),
        "retryAfterSeconds", f.retryAfter() == null ? null : f.retryAfter().toSeconds(),
        "delayMs", f.delay().toMillis(), "lost", f.lost(), "remaining", f.remaining())).toList();
  }
}
