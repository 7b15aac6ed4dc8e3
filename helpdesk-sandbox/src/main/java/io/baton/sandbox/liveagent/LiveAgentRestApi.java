package io.baton.sandbox.liveagent;

import io.baton.sandbox.kit.ApiFaults;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The visitor ("Chasitor") side of the Live Agent REST API under {@code /chat/rest/}: header checks and
 * request parsing; the protocol state lives in {@link LiveAgentSimulator}. Paths are case-sensitive as
 * documented; anything else under {@code /chat/rest/} is Javalin's 404.
 */
public final class LiveAgentRestApi {
  public static final String BASE_PATH = "/chat/rest/";

  static final String API_VERSION = "X-LIVEAGENT-API-VERSION";
  static final String AFFINITY = "X-LIVEAGENT-AFFINITY";
  static final String SESSION_KEY = "X-LIVEAGENT-SESSION-KEY";
  static final String SEQUENCE = "X-LIVEAGENT-SEQUENCE";

  /** Clients send versions like "34" or "49"; anything not a version number is a bad request. */
  private static final Pattern VERSION = Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");

  private LiveAgentRestApi() {
  }

  public static void register(Javalin app, LiveAgentSimulator simulator, ApiFaults faults) {
    // Injected faults come first: a refused call never reaches the simulator.
    faults.guard(app, BASE_PATH, (ctx, status, message) -> ctx.status(status).contentType(ChasitorResponse.TEXT)
        .result(message));

    app.get(BASE_PATH + "System/SessionId", ctx -> {
      if (missingHeaders(ctx, API_VERSION, AFFINITY)) {
        return;
      }
      write(ctx, simulator.openSession());
    });

    app.delete(BASE_PATH + "System/SessionId/{sessionKey}", ctx -> {
      if (missingHeaders(ctx, API_VERSION, AFFINITY)) {
        return;
      }
      write(ctx, simulator.deleteSession(ctx.pathParam("sessionKey"), header(ctx, AFFINITY)));
    });

    app.post(BASE_PATH + "Chasitor/{action}", ctx -> {
      ChasitorAction action = ChasitorAction.fromPath(ctx.pathParam("action")).orElse(null);
      if (action == null) {
        write(ctx, ChasitorResponse.error(404, "Unknown resource"));
        return;
      }
      if (action == ChasitorAction.CHASITOR_RESYNC_STATE) {
        // Documented with the version, affinity and session key only: no sequence number.
        if (!missingHeaders(ctx, API_VERSION, AFFINITY, SESSION_KEY)) {
          write(ctx, simulator.chasitorPost(header(ctx, SESSION_KEY), header(ctx, AFFINITY), -1, action, ctx.body()));
        }
        return;
      }
      if (missingHeaders(ctx, API_VERSION, AFFINITY, SESSION_KEY, SEQUENCE)) {
        return;
      }
      long sequence;
      try {
        sequence = Long.parseLong(header(ctx, SEQUENCE));
      } catch (NumberFormatException e) {
        write(ctx, ChasitorResponse.badRequest(SEQUENCE + " must be a number"));
        return;
      }
      if (sequence < 0) {
        write(ctx, ChasitorResponse.badRequest(SEQUENCE + " must not be negative"));
        return;
      }
      write(ctx, simulator.chasitorPost(header(ctx, SESSION_KEY), header(ctx, AFFINITY), sequence,
          action, ctx.body()));
    });

    app.get(BASE_PATH + "System/Messages", ctx -> {
      if (missingHeaders(ctx, API_VERSION, AFFINITY, SESSION_KEY)) {
        return;
      }
      String rawAck = ctx.queryParam("ack");
      long ack;
      try {
        // No ack acknowledges nothing, like the first poll's ack=-1.
        ack = rawAck == null || rawAck.isBlank() ? -1 : Long.parseLong(rawAck.trim());
      } catch (NumberFormatException e) {
        write(ctx, ChasitorResponse.badRequest("ack must be a number"));
        return;
      }
      String key = header(ctx, SESSION_KEY);
      String affinity = header(ctx, AFFINITY);
      // No thread waits here: the response is written when the simulator completes the future.
      ctx.future(() -> simulator.poll(key, affinity, ack).thenAccept(r -> write(ctx, r)));
    });

    app.get(BASE_PATH + "System/ReconnectSession", ctx -> {
      if (missingHeaders(ctx, API_VERSION, AFFINITY, SESSION_KEY)) {
        return;
      }
      String rawOffset = ctx.queryParam("ReconnectSession.offset");
      long offset;
      try {
        offset = rawOffset == null || rawOffset.isBlank() ? 0 : Long.parseLong(rawOffset.trim());
      } catch (NumberFormatException e) {
        write(ctx, ChasitorResponse.badRequest("ReconnectSession.offset must be a number"));
        return;
      }
      write(ctx, simulator.reconnectSession(header(ctx, SESSION_KEY), header(ctx, AFFINITY), offset));
    });

    app.post(FileTransfers.UPLOAD_PATH, ctx -> {
      io.javalin.http.UploadedFile file = ctx.contentType() != null
          && ctx.contentType().startsWith("multipart/form-data") ? ctx.uploadedFile("file") : null;
      byte[] bytes = null;
      if (file != null) {
        try (java.io.InputStream in = file.content()) {
          bytes = in.readAllBytes();
        }
      }
      write(ctx, simulator.upload(ctx.queryParam("chatKey"), ctx.queryParam("orgId"), ctx.queryParam("fileToken"),
          file == null ? null : file.filename(), file == null ? null : file.contentType(), bytes));
    });

    app.get(BASE_PATH + "Visitor/Availability", ctx -> {
      if (missingHeaders(ctx, API_VERSION)) {
        return;
      }
      String orgId = ctx.queryParam("org_id");
      String deploymentId = ctx.queryParam("deployment_id");
      String ids = ctx.queryParam("Availability.ids");
      if (blank(orgId) || blank(deploymentId) || blank(ids)) {
        write(ctx, ChasitorResponse.badRequest("org_id, deployment_id and Availability.ids are required"));
        return;
      }
      List<String> buttonIds = parseIds(ids);
      if (buttonIds.isEmpty()) {
        write(ctx, ChasitorResponse.badRequest("Availability.ids must list at least one id"));
        return;
      }
      String need = ctx.queryParam("Availability.needEstimatedWaitTime");
      write(ctx, simulator.availability(buttonIds, "1".equals(need) || "true".equalsIgnoreCase(need)));
    });
  }

  /** {@code [id1,id2]} as documented; bare {@code id1,id2} is accepted too. */
  static List<String> parseIds(String raw) {
    String inner = raw.trim();
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    return Arrays.stream(inner.split(","))
        .map(String::trim)
        .map(s -> s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2 ? s.substring(1, s.length() - 1) : s)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static boolean missingHeaders(Context ctx, String... names) {
    for (String name : names) {
      String value = header(ctx, name);
      if (value == null || value.isEmpty()) {
        write(ctx, ChasitorResponse.badRequest("Missing required header " + name));
        return true;
      }
      if (name.equals(API_VERSION) && !VERSION.matcher(value).matches()) {
        write(ctx, ChasitorResponse.badRequest("Unsupported " + API_VERSION));
        return true;
      }
    }
    return false;
  }

  private static String header(Context ctx, String name) {
    String value = ctx.header(name);
    return value == null ? null : value.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static void write(Context ctx, ChasitorResponse response) {
    ctx.status(response.status());
    if (response.contentType() != null) {
      ctx.contentType(response.contentType());
    }
    if (!response.body().isEmpty()) {
      ctx.result(response.body());
    }
  }
}
