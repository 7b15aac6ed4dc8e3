package io.baton.sandbox.miaw;

import io.baton.sandbox.miaw.MiawSimulator.Event;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The visitors' access tokens and, per visitor, the numbered event log behind the SSE stream and the streams
 * listening to it: a client that reconnects with {@code Last-Event-Id} gets exactly what it missed (unless the fault
 * {@link #ignoreLastEventId} is on). A token is a JWT whose {@code exp} says when it expires; an expired token is
 * refused (401) and its open streams are cut; a continuation token is a new token of the same visitor (same
 * conversations, same event log). State is guarded by the simulator's lock; listeners are called outside it, one
 * delivery at a time per visitor, in event order.
 */
final class MiawEventStreams {
  private final Object lock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Token> tokens = new LinkedHashMap<>();
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile boolean ignoreLastEventId;

  /** One visitor: its deployment and its event log, under every token issued to it. */
  static final class Visitor {
    final String orgId;
    final String esDeveloperName;
    final List<Event> events = new ArrayList<>();
    final List<Subscription> listeners = new ArrayList<>();
    /** Deliveries of one visitor's stream go one at a time, in event order. */
    final Object delivery = new Object();

    Visitor(String orgId, String esDeveloperName) {
      this.orgId = orgId;
      this.esDeveloperName = esDeveloperName;
    }
  }

  private record Token(Visitor visitor, Instant expiresAt) {}

  private static final class Subscription {
    final Consumer<Event> sink;
    final String token;
    long lastSent;

    Subscription(Consumer<Event> sink, String token, long lastSent) {
      this.sink = sink;
      this.token = token;
      this.lastSent = lastSent;
    }
  }

  MiawEventStreams(Object lock) {
    this.lock = lock;
  }

  /** How long tokens issued from now on are valid (default an hour; a guess, the docs name no figure). */
  void tokenLifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** Fault: streams opened from now on start after the newest event, whatever their {@code Last-Event-Id}. */
  void ignoreLastEventId(boolean ignore) {
    this.ignoreLastEventId = ignore;
  }

  /** A new access token for a new visitor of this deployment. */
  String accessToken(String orgId, String esDeveloperName) {
    synchronized (lock) {
      return issue(new Visitor(orgId, esDeveloperName));
    }
  }

  /** A continuation token: a new token of the same visitor, for a token still valid (else 401). */
  String continuation(String token) {
    synchronized (lock) {
      return issue(visitor(token));
    }
  }

  private String issue(Visitor visitor) {
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    Instant expiresAt = Instant.now().plus(lifetime);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String token = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"iss\":\"sandbox\",\"exp\":" + expiresAt.getEpochSecond() + "}")
            .getBytes(StandardCharsets.UTF_8))
        + "." + HexFormat.of().formatHex(secret);
    tokens.put(token, new Token(visitor, expiresAt));
    return token;
  }

  boolean validToken(String token) {
    synchronized (lock) {
      Token t = token == null ? null : tokens.get(token);
      return t != null && Instant.now().isBefore(t.expiresAt());
    }
  }

  /** The token's visitor, else 401 (unknown or expired token; lock held). */
  Visitor visitor(String token) {
    Token t = token == null ? null : tokens.get(token);
    if (t == null) {
      throw new MiawSimulator.Refused(401, "invalid access token");
    }
    if (!Instant.now().isBefore(t.expiresAt())) {
      throw new MiawSimulator.Refused(401, "the access token has expired");
    }
    return t.visitor();
  }

  /** Events after {@code lastEventId}, then every new one to {@code listener}, until the returned handle runs. */
  Runnable subscribe(String token, long lastEventId, Consumer<Event> listener) {
    Visitor visitor;
    Subscription subscription;
    synchronized (lock) {
      visitor = visitor(token);
      subscription = new Subscription(listener, token, ignoreLastEventId ? visitor.events.size() : lastEventId);
      visitor.listeners.add(subscription);
    }
    flush(visitor);
    return () -> {
      synchronized (lock) {
        visitor.listeners.remove(subscription);
      }
    };
  }

  /** Appends the event to the visitor's log (lock held); its streams get it once {@code deliveries} run. */
  void emit(Visitor visitor, String type, String data, List<Runnable> deliveries) {
    Event event = new Event(visitor.events.size() + 1L, type, data);
    visitor.events.add(event);
    deliveries.add(() -> flush(visitor));
  }

  /** Sends every subscriber what it has not had yet, in order; a stream whose token expired is cut instead. */
  private void flush(Visitor visitor) {
    synchronized (visitor.delivery) {
      List<Event> events;
      List<Subscription> subscriptions;
      List<Subscription> expired = new ArrayList<>();
      synchronized (lock) {
        events = List.copyOf(visitor.events);
        for (Subscription s : visitor.listeners) {
          Token t = tokens.get(s.token);
          if (t == null || !Instant.now().isBefore(t.expiresAt())) {
            expired.add(s);
          }
        }
        visitor.listeners.removeAll(expired);
        subscriptions = List.copyOf(visitor.listeners);
      }
      expired.forEach(s -> s.sink.accept(null));
      for (Subscription s : subscriptions) {
        for (Event e : events) {
          if (e.id() > s.lastSent) {
            s.sink.accept(e);
            s.lastSent = e.id();
          }
        }
      }
    }
  }

  /** Every open stream is cut (its listener gets null). */
  void dropStreams() {
    List<Subscription> dropped = new ArrayList<>();
    synchronized (lock) {
      tokens.values().stream().map(Token::visitor).distinct().forEach(v -> {
        dropped.addAll(v.listeners);
        v.listeners.clear();
      });
    }
    dropped.forEach(s -> s.sink.accept(null)); // null: the stream ends
  }
}
