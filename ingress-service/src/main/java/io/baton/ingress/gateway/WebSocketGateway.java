package io.baton.ingress.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.ConversationEvent;
import io.baton.ingress.auth.Access;
import io.baton.ingress.auth.Authenticator;
import io.baton.ingress.auth.Caller;
import io.baton.ingress.guard.RequestAdmission;
import io.baton.ingress.guard.StreamQuota;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.Problem;
import io.baton.ingress.http.ProblemException;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /v1/conversations/{id}/ws} (WebSocket): the same events as the SSE gateway, one text message each,
 * {@code {"id": sequence, "event": type, "data": {...}}}. Browsers cannot set headers on a WebSocket, so the widget
 * token comes as {@code ?access_token=}; {@code ?lastEventId=} resumes. A refused connection is closed with 4401
 * (credential), 4403 (scope, or a page of a site the tenant does not list), 4400 (bad request) or 4429 (over a rate,
 * or too many streams), the problem's detail as the reason. The socket only receives.
 */
public final class WebSocketGateway implements Consumer<WsConfig>, AutoCloseable {
  private final ConversationLog log;
  private final Authenticator authenticator;
  private final RequestAdmission admission;
  private final StreamQuota quota;
  private final ExecutorService writers = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "ws-writer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public WebSocketGateway(ConversationLog log, Authenticator authenticator, RequestAdmission admission,
      StreamQuota quota) {
    this.log = log;
    this.authenticator = authenticator;
    this.admission = admission;
    this.quota = quota;
  }

  /**
   * {@code GET .../ws} without {@code Upgrade: websocket} (a browser tab, curl): a 426 that says how to connect,
   * after the same credential and id checks as every conversation route.
   */
  public static void withoutUpgrade(Context ctx) {
    Access.conversation(ctx, Access.Need.VISITOR);
    ctx.header("Upgrade", "websocket");
    throw Problem.typed(426, "websocket-upgrade-required", "Upgrade Required",
        "this is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket); or read the same events"
            + " as Server-Sent Events from .../events",
        List.of()).exception();
  }

  /** One socket's queue: events are written in order, one task at a time, each sequence once. */
  private final class Session implements ConversationLog.Subscriber {
    private final WsContext ws;
    private final ArrayDeque<ConversationEvent> queue = new ArrayDeque<>();
    private boolean draining;
    private long lastSent;
    private ConversationLog.Subscription subscription;
    private StreamQuota.Place place;

    Session(WsContext ws, long lastEventId) {
      this.ws = ws;
      this.lastSent = lastEventId;
    }

    @Override
    public void deliver(List<ConversationEvent> events) {
      synchronized (this) {
        queue.addAll(events);
        if (draining) {
          return;
        }
        draining = true;
      }
      writers.execute(this::drain);
    }

    private void drain() {
      while (true) {
        ConversationEvent e;
        synchronized (this) {
          e = queue.poll();
          if (e == null) {
            draining = false;
            return;
          }
        }
        if (e.getSequence() <= lastSent) {
          continue;
        }
        lastSent = e.getSequence();
        WidgetEventJson.type(e).ifPresent(type -> {
          ObjectNode message = Json.object();
          message.put("id", e.getSequence());
          message.put("event", type);
          message.set("data", WidgetEventJson.data(e));
          try {
            ws.send(Json.write(message));
          } catch (RuntimeException closed) {
            // the socket went away; onClose cancels the subscription
          }
        });
      }
    }
  }

  @Override
  public void accept(WsConfig ws) {
    ws.onConnect(this::connect);
    ws.onClose(ctx -> closed(ctx.sessionId()));
    ws.onError(ctx -> closed(ctx.sessionId()));
  }

  private void connect(WsConnectContext ctx) {
    ConversationKey key;
    long lastEventId;
    String widgetConversation;
    try {
      Caller caller = authenticator.authenticate(ctx.header("Authorization"), ctx.queryParam("access_token"),
          ctx.header(Authenticator.TENANT_HEADER));
      String id = ctx.pathParam("id");
      if (!Access.isSafeId(id)) {
        ctx.closeSession(4400, "invalid conversation id");
        return;
      }
      if (caller.isWidget() && !caller.conversationId().equals(id)) {
        ctx.closeSession(4403, "this widget token is for another conversation");
        return;
      }
      Optional<RequestAdmission.SocketRefusal> refusal =
          admission.admitSocket(caller, ctx.header("Origin"), ctx.header("Host"), id);
      if (refusal.isPresent()) {
        ctx.closeSession(refusal.get().code(), refusal.get().reason());
        return;
      }
      key = new ConversationKey(caller.tenant(), id);
      widgetConversation = caller.isWidget() ? id : null;
      String raw = ctx.queryParam("lastEventId");
      lastEventId = raw == null || raw.isBlank() ? 0 : Long.parseLong(raw.trim());
      if (lastEventId < 0) {
        throw new NumberFormatException();
      }
    } catch (ProblemException e) {
      int status = e.problem().status();
      ctx.closeSession(status == 401 ? 4401 : status == 403 ? 4403 : 4400, e.problem().title());
      return;
    } catch (NumberFormatException e) {
      ctx.closeSession(4400, "lastEventId must be a non-negative integer");
      return;
    }
    Optional<StreamQuota.Place> place = quota.take(key.tenant(), widgetConversation);
    if (place.isEmpty()) {
      ctx.closeSession(4429, "too many streams: " + quota.limits());
      return;
    }
    ctx.enableAutomaticPings(15, TimeUnit.SECONDS, null);
    Session session = new Session(ctx, lastEventId);
    session.place = place.get();
    sessions.put(ctx.sessionId(), session);
    session.subscription = log.subscribe(key.toString(), lastEventId, session);
  }

  private void closed(String sessionId) {
    Session s = sessions.remove(sessionId);
    if (s != null && s.subscription != null) {
      s.subscription.cancel();
    }
    if (s != null) {
      s.place.close();
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(s -> {
      s.subscription.cancel();
      s.place.close();
      try {
        s.ws.closeSession(1001, "the service is stopping");
      } catch (RuntimeException ignored) {
        // already gone
      }
    });
    sessions.clear();
    writers.shutdownNow();
  }
}
