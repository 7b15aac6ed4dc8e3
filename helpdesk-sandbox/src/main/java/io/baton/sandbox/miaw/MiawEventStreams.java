package io.baton.sandbox.miaw;

import io.baton.sandbox.miaw.MiawSimulator.Event;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The visitors' access tokens and, per token, the numbered event log behind the SSE stream and the streams
 * listening to it: a client that reconnects with {@code Last-Event-Id} gets exactly what it missed. State is guarded
 * by the simulator's lock; listeners are called outside it, one delivery at a time per token, in event order.
 */
final class MiawEventStreams {
  private final Object lock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Visitor> visitors = new LinkedHashMap<>();

  /** One access token's visitor: its deployment and its event log. */
  static final class Visitor {
    final String orgId;
    final String esDeveloperName;
    final List<Event> events = new ArrayList<>();
    final List<Subscription> listeners = new ArrayList<>();
    /** Deliveries of one token's stream go one at a time, in event order. */
    final Object delivery = new Object();

    Visitor(String orgId, String esDeveloperName) {
      this.orgId = orgId;
      this.esDeveloperName = esDeveloperName;
    }
  }

  private static final class Subscription {
    final Consumer<Event> sink;
    long lastSent;

    Subscription(Consumer<Event> sink, long lastSent) {
      this.sink = sink;
      this.lastSent = lastSent;
    }
  }

  MiawEventStreams(Object lock) {
    this.lock = lock;
  }

  /** A new access token for a visitor of this deployment. */
  String accessToken(String orgId, String esDeveloperName) {
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String token = "miaw." + HexFormat.of().formatHex(secret);
    synchronized (lock) {
      visitors.put(token, new Visitor(orgId, esDeveloperName));
    }
    return token;
  }

  boolean validToken(String token) {
    synchronized (lock) {
      return token != null && visitors.containsKey(token);
    }
  }

  /** The token's visitor, else 401 (lock held). */
  Visitor visitor(String token) {
    Visitor visitor = token == null ? null : visitors.get(token);
    if (visitor == null) {
      throw new MiawSimulator.Refused(401, "invalid access token");
    }
    return visitor;
  }

  /** Events after {@code lastEventId}, then every new one to {@code listener}, until the returned handle runs. */
  Runnable subscribe(String token, long lastEventId, Consumer<Event> listener) {
    Subscription subscription = new Subscription(listener, lastEventId);
    Visitor visitor;
    synchronized (lock) {
      visitor = visitor(token);
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

  /** Sends every subscriber what it has not had yet, in order. */
  private void flush(Visitor visitor) {
    synchronized (visitor.delivery) {
      List<Event> events;
      List<Subscription> subscriptions;
      synchronized (lock) {
        events = List.copyOf(visitor.events);
        subscriptions = List.copyOf(visitor.listeners);
      }
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
      visitors.values().forEach(v -> {
        dropped.addAll(v.listeners);
        v.listeners.clear();
      });
    }
    dropped.forEach(s -> s.sink.accept(null)); // null: the stream ends
  }
}
