package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kustomer.KustomerApi.route;
import static io.baton.sandbox.kustomer.KustomerResources.data;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.ApiAnswer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kustomer's server-side Chat API ({@code /v2.1/chat}): a session opened by handoff (with the bot's transcript: 2 to
 * 100 messages, at least one in and one out, stored by date, outbound ones as the {@code from} user) or without
 * history, the customer's messages and typing, an agent's (or automation's) messages and typing, a customer's
 * sessions and a session's messages. Message creates, and apart from them conversation creates, count against the
 * customer's limit (120 a minute each).
 */
final class KustomerChatApi {
  static final int MIN_HANDOFF = 2;
  static final int MAX_HANDOFF = 100;

  private KustomerChatApi() {
  }

  static void register(Javalin app, KustomerSimulator k) {
    route(app, k, POST, "/v2.1/chat/handoff", (ctx, caller) -> {
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("customerId", "messages", "from", "externalId", "active"));
      KustomerCustomers.Customer customer = customer(k, body);
      List<KustomerConversations.Imported> lines = transcript(body.path("messages"));
      String from = KustomerRequests.requiredText(body, "from");
      if (k.org().user(from).isEmpty()) {
        throw KustomerError.invalid("/from", "from must be a user of the org; " + from + " is not");
      }
      Boolean active = KustomerRequests.optionalFlag(body, "active");
      k.rateLimits().conversationCreate(ctx, customer.id);
      KustomerConversation c = k.conversations().handoff(customer.id, lines, from,
          KustomerRequests.optionalText(body, "externalId"), active == null || active);
      return ApiAnswer.created(data(KustomerResources.session(c)));
    });
    route(app, k, POST, "/v2.1/chat/sessions", (ctx, caller) -> {
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("customerId", "externalId"));
      KustomerCustomers.Customer customer = customer(k, body);
      k.rateLimits().conversationCreate(ctx, customer.id);
      KustomerConversation c = k.conversations().open(customer.id, KustomerRequests.optionalText(body,
          "externalId"), true);
      return ApiAnswer.created(data(KustomerResources.session(c)));
    });
    route(app, k, GET, "/v2.1/chat/sessions", (ctx, caller) -> {
      String customerId = ctx.queryParam("customerId");
      if (customerId == null || customerId.isBlank()) {
        throw new KustomerError(400, "bad_request", "Bad Request", "customerId is required", null);
      }
      k.customers().get(customerId);
      return ApiAnswer.ok(data(k.conversations().ofCustomer(customerId).stream().map(KustomerResources::session)
          .toList()));
    });
    route(app, k, GET, "/v2.1/chat/sessions/{id}/messages", (ctx, caller) -> ApiAnswer.ok(data(k.conversations()
        .get(ctx.pathParam("id")).messages.stream().map(KustomerResources::message).toList())));

    route(app, k, POST, "/v2.1/chat/messages", (ctx, caller) -> {
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("customerId", "session", "body", "attachments", "externalId"));
      KustomerConversation c = session(k, body);
      String text = KustomerRequests.optionalText(body, "body");
      List<KustomerMessage.Attachment> files = attachments(body);
      requireContent(text, files);
      k.rateLimits().messageCreate(ctx, c.customerId);
      return ApiAnswer.created(data(KustomerResources.message(k.conversations().fromCustomer(c, text, files,
          KustomerRequests.optionalText(body, "externalId")))));
    });
    route(app, k, POST, "/v2.1/chat/outbound/messages", (ctx, caller) -> {
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("customerId", "session", "from", "body", "attachments", "auto"));
      KustomerConversation c = session(k, body);
      String from = user(k, body);
      String text = KustomerRequests.optionalText(body, "body");
      List<KustomerMessage.Attachment> files = attachments(body);
      requireContent(text, files);
      Boolean auto = KustomerRequests.optionalFlag(body, "auto");
      k.rateLimits().messageCreate(ctx, c.customerId);
      return ApiAnswer.created(data(KustomerResources.message(k.conversations().fromUser(c, from, text, files,
          auto != null && auto))));
    });
    route(app, k, POST, "/v2.1/chat/typing", (ctx, caller) -> typing(k, ctx, false));
    route(app, k, POST, "/v2.1/chat/outbound/typing", (ctx, caller) -> typing(k, ctx, true));
  }

  private static ApiAnswer typing(KustomerSimulator k, Context ctx, boolean agent) {
    JsonNode body = KustomerRequests.object(ctx);
    KustomerRequests.only(body, agent ? Set.of("customerId", "session", "typing", "from")
        : Set.of("customerId", "session", "typing"));
    KustomerConversation c = session(k, body);
    String from = agent ? user(k, body) : null;
    Boolean typing = KustomerRequests.optionalFlag(body, "typing");
    if (typing == null) {
      throw KustomerError.invalid("/typing", "typing is required (a boolean)");
    }
    k.conversations().typing(c, from, typing);
    return ApiAnswer.noContent();
  }

  private static KustomerCustomers.Customer customer(KustomerSimulator k, JsonNode body) {
    String id = KustomerRequests.requiredText(body, "customerId");
    return k.customers().find(id).orElseThrow(() -> KustomerError.notFound("Customer", id, "/customerId"));
  }

  /** The session named by {@code session}, which must be the {@code customerId}'s. */
  private static KustomerConversation session(KustomerSimulator k, JsonNode body) {
    KustomerCustomers.Customer customer = customer(k, body);
    String id = KustomerRequests.requiredText(body, "session");
    KustomerConversation c = k.conversations().find(id)
        .orElseThrow(() -> KustomerError.notFound("Chat session", id, "/session"));
    if (!c.customerId.equals(customer.id)) {
      throw KustomerError.invalid("/session", "session " + id + " is not customer " + customer.id + "'s");
    }
    return c;
  }

  private static String user(KustomerSimulator k, JsonNode body) {
    String from = KustomerRequests.requiredText(body, "from");
    if (k.org().user(from).isEmpty()) {
      throw KustomerError.invalid("/from", "from must be a user of the org; " + from + " is not");
    }
    return from;
  }

  private static void requireContent(String text, List<KustomerMessage.Attachment> files) {
    if ((text == null || text.isBlank()) && files.isEmpty()) {
      throw KustomerError.invalid("/body", "a message needs a body or attachments");
    }
  }

  private static List<KustomerConversations.Imported> transcript(JsonNode messages) {
    if (!messages.isArray() || messages.size() < MIN_HANDOFF || messages.size() > MAX_HANDOFF) {
      throw KustomerError.invalid("/messages", "messages must be a list of " + MIN_HANDOFF + " to " + MAX_HANDOFF
          + " messages");
    }
    List<KustomerConversations.Imported> lines = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String at = "/messages/" + i;
      if (!m.isObject()) {
        throw KustomerError.invalid(at, "a message must be {direction, body, date}");
      }
      String direction = m.path("direction").asText("");
      if (!direction.equals("in") && !direction.equals("out")) {
        throw KustomerError.invalid(at + "/direction", "direction must be in or out");
      }
      if (!m.path("body").isTextual() || m.get("body").asText().isBlank()) {
        throw KustomerError.invalid(at + "/body", "body is required (a non-empty string)");
      }
      lines.add(new KustomerConversations.Imported(direction, m.get("body").asText(),
          KustomerRequests.date(m.path("date"), at + "/date")));
    }
    if (lines.stream().noneMatch(l -> l.direction().equals("in"))
        || lines.stream().noneMatch(l -> l.direction().equals("out"))) {
      throw KustomerError.invalid("/messages", "messages need at least one in and one out");
    }
    return lines;
  }

  private static List<KustomerMessage.Attachment> attachments(JsonNode body) {
    JsonNode v = body.path("attachments");
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw KustomerError.invalid("/attachments", "attachments must be a list of {url, name, contentType}");
    }
    List<KustomerMessage.Attachment> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode a = v.get(i);
      String at = "/attachments/" + i;
      String url = a.path("url").asText("");
      if (!isHttpUrl(url)) {
        throw KustomerError.invalid(at + "/url", "url must be an http(s) URL");
      }
      for (String field : List.of("name", "contentType")) {
        if (!a.path(field).isTextual() || a.get(field).asText().isBlank()) {
          throw KustomerError.invalid(at + "/" + field, field + " is required (a non-empty string)");
        }
      }
      JsonNode length = a.path("contentLength");
      if (!length.isMissingNode() && !length.isNull() && !(length.canConvertToLong() && length.asLong() >= 0)) {
        throw KustomerError.invalid(at + "/contentLength", "contentLength must be a non-negative number");
      }
      out.add(new KustomerMessage.Attachment(url, a.get("name").asText(), a.get("contentType").asText(),
          length.isIntegralNumber() ? length.asLong() : null));
    }
    return out;
  }

  static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme())
          || "http".equalsIgnoreCase(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
