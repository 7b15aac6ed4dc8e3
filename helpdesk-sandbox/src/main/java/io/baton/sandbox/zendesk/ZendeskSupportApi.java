package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The Support API's routes under {@code /zendesk/api/v2}. Every call is authenticated (401 "Couldn't authenticate
 * you"), counted against the account's rate limit ({@code X-Rate-Limit}, {@code X-Rate-Limit-Remaining}; 429 with
 * {@code Retry-After}), then passes the faults of its operation ({@code users}, {@code users.create},
 * {@code groups}, {@code groups.create}, {@code tickets.create}, {@code tickets.list}, {@code tickets.show},
 * {@code tickets.update}, {@code comments}, {@code uploads}, {@code webhooks}, {@code triggers}); errors are
 * Zendesk's bodies ({@link ZendeskError}).
 */
final class ZendeskSupportApi {
  static final String BASE_PATH = "/" + ZendeskSupportSimulator.NAME + "/api/v2";
  static final ObjectMapper JSON = new ObjectMapper();

  private ZendeskSupportApi() {
  }

  interface Call {
    void run(SupportUser actor) throws Exception;
  }

  static void register(Javalin app, ZendeskSupportSimulator z) {
    String v2 = BASE_PATH;
    ZendeskDirectoryRoutes.register(app, z);
    ZendeskRuleRoutes.register(app, z);

    SupportRoutes.add(app, HandlerType.POST, v2 + "/tickets", ctx -> call(ctx, z, "tickets.create", actor -> {
      String key = ctx.header(IdempotencyKeys.HEADER);
      if (key == null) {
        TicketChange change = z.createTicket(actor, "api", TicketInput.read(body(ctx).get("ticket")));
        json(ctx, 201, Map.of("ticket", change.ticket().toJson(z.apiUrl()), "audit", change.audit()));
        return;
      }
      IdempotencyKeys.Answer answer = z.createTicketOnce(actor, key, ctx.body(),
          in -> JSON.writeValueAsString(Map.of("ticket", in.ticket().toJson(z.apiUrl()), "audit", in.audit())));
      ctx.header(IdempotencyKeys.LOOKUP, answer.hit() ? "hit" : "miss");
      ctx.status(answer.status()).contentType("application/json; charset=utf-8").result(answer.body());
    }));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/tickets",
        ctx -> call(ctx, z, "tickets.list", actor -> {
          // List Tickets by external_id: every ticket with that id (external ids need not be unique).
          String externalId = ctx.queryParam("external_id");
          String self = z.apiUrl() + "/tickets.json" + (externalId == null ? ""
              : "?external_id=" + java.net.URLEncoder.encode(externalId, java.nio.charset.StandardCharsets.UTF_8));
          json(ctx, 200, ListPages.page(ctx, self, "tickets", z.withTickets(t -> t.tickets().stream()
              .filter(x -> externalId == null || externalId.equals(x.externalId)).map(x -> x.toJson(z.apiUrl()))
              .toList())));
        }));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/tickets/{id}",
        ctx -> call(ctx, z, "tickets.show", actor -> json(ctx, 200,
            Map.of("ticket", z.withTickets(t -> t.ticket(id(ctx)).toJson(z.apiUrl()))))));
    SupportRoutes.add(app, HandlerType.PUT, v2 + "/tickets/{id}", ctx -> call(ctx, z, "tickets.update", actor -> {
      long id = id(ctx);
      TicketInput in = TicketInput.read(body(ctx).get("ticket"));
      long wait = z.rateLimits().ticketUpdate(actor.id(), id);
      if (wait > 0) {
        ctx.header("Retry-After", Long.toString(wait));
        throw ZendeskError.tooManyRequests(
            "Rate limit for ticket updates exceeded, please wait before updating this ticket again");
      }
      TicketChange change = z.updateTicket(actor, "api", id, in);
      json(ctx, 200, Map.of("ticket", change.ticket().toJson(z.apiUrl()), "audit", change.audit()));
    }));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/tickets/{id}/comments", ctx -> call(ctx, z, "comments", actor -> {
      List<Map<String, Object>> comments = z.withTickets(t -> t.ticket(id(ctx)).comments.stream()
          .map(c -> Ticket.commentJson(c, z.attachmentsUrl())).toList());
      boolean descending = "desc".equals(ctx.queryParam("sort_order"));
      List<Map<String, Object>> ordered = new java.util.ArrayList<>(comments);
      if (descending) {
        java.util.Collections.reverse(ordered);
      }
      json(ctx, 200, ListPages.page(ctx, z.apiUrl() + "/tickets/" + id(ctx) + "/comments.json", "comments",
          ordered));
    }));
    SupportRoutes.add(app, HandlerType.POST, v2 + "/uploads", ctx -> call(ctx, z, "uploads", actor -> {
      byte[] bytes = ctx.bodyAsBytes();
      if (bytes.length > 50L * 1024 * 1024) {
        throw ZendeskError.invalid("base", "TooLarge", "File size exceeds the 50 MB limit");
      }
      SupportUploads.Upload u =
          z.withTickets(t -> t.uploads().upload(ctx.queryParam("token"), ctx.queryParam("filename"),
              ctx.contentType(), bytes));
      List<Map<String, Object>> files = u.attachments().stream().map(a -> a.toJson(z.attachmentsUrl())).toList();
      json(ctx, 201, Map.of("upload", KitJson.object("token", u.token(), "expires_at", u.expiresAt().toString(),
          "attachment", files.get(files.size() - 1), "attachments", files)));
    }));
    // Attachment content URLs are fetched without the API's credentials, as Zendesk's signed URLs are.
    app.get("/" + ZendeskSupportSimulator.NAME + "/attachments/{id}/{name}", ctx -> {
      long id;
      try {
        id = Long.parseLong(ctx.pathParam("id"));
      } catch (NumberFormatException e) {
        ctx.status(404);
        return;
      }
      Ticket.Attachment a = z.withTickets(t -> t.uploads().attachment(id)).orElse(null);
      if (a == null) {
        error(ctx, ZendeskError.notFound());
        return;
      }
      ctx.contentType(a.contentType()).result(a.bytes());
    });
  }

  /** Authentication, the account's rate limit, the operation's faults, then the call; errors in Zendesk's shape. */
  static void call(Context ctx, ZendeskSupportSimulator z, String operation, Call call) throws Exception {
    try {
      SupportUser actor = z.authenticate(ctx.header("Authorization"));
      SupportRateLimits.Verdict verdict = z.rateLimits().request();
      ctx.header("X-Rate-Limit", Integer.toString(z.rateLimits().limits().accountRequests()));
      ctx.header("X-Rate-Limit-Remaining", Integer.toString(verdict.remaining()));
      if (verdict.refused()) {
        ctx.header("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        throw ZendeskError.tooManyRequests("Number of allowed API requests per minute exceeded");
      }
      if (z.faults().refuse(ctx, operation, ZendeskSupportApi::fault)) {
        return;
      }
      call.run(actor);
      ApiFaults.afterCall(ctx, ZendeskSupportApi::fault);
    } catch (ZendeskError e) {
      error(ctx, e);
    }
  }

  /** A call only admins may make: an agent gets 403 Forbidden. */
  static void adminCall(Context ctx, ZendeskSupportSimulator z, String operation, Call call) throws Exception {
    call(ctx, z, operation, actor -> {
      ZendeskError.requireAdmin(actor);
      call.run(actor);
    });
  }

  static void error(Context ctx, ZendeskError e) throws Exception {
    json(ctx, e.status(), e.body());
  }

  private static void fault(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json; charset=utf-8")
        .result(KitJson.write(KitJson.object("error", message, "description", message)));
  }

  static JsonNode body(Context ctx) {
    return body(ctx.body());
  }

  static JsonNode body(String text) {
    try {
      JsonNode body = JSON.readTree(text);
      if (body == null || !body.isObject()) {
        throw ZendeskError.badRequest("The request body must be a JSON object");
      }
      return body;
    } catch (java.io.IOException e) {
      throw ZendeskError.badRequest("The request body is not valid JSON");
    }
  }

  static long id(Context ctx) {
    String id = ctx.pathParam("id");
    String digits = id.endsWith(".json") ? id.substring(0, id.length() - 5) : id;
    if (!digits.matches("\\d{1,18}")) {
      throw ZendeskError.notFound();
    }
    return Long.parseLong(digits);
  }

  static void json(Context ctx, int status, Object value) throws Exception {
    ctx.status(status).contentType("application/json; charset=utf-8").result(JSON.writeValueAsString(value));
  }
}
