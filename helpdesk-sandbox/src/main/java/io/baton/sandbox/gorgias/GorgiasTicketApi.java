package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasApi.route;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.ApiAnswer;
import io.baton.sandbox.gorgias.GorgiasMessageInput.Ref;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tickets ({@code POST /tickets} with 1..500 messages, {@code GET /tickets?external_id=&customer_id=},
 * {@code GET|PUT /tickets/{id}}), their
 * messages ({@code GET|POST /tickets/{id}/messages}, {@code GET /tickets/{id}/messages/{id}}) and tags
 * ({@code GET|POST /tickets/{id}/tags {names?, ids?}}). A request is checked whole before anything changes.
 */
final class GorgiasTicketApi {
  static final int MAX_MESSAGES = 500;
  private static final Set<String> TICKET_FIELDS = Set.of("channel", "via", "from_agent", "customer", "subject",
      "external_id", "assignee_user", "assignee_team", "tags", "status", "messages", "meta", "language", "spam",
      "custom_fields", "created_datetime", "opened_datetime", "last_message_datetime",
      "last_received_message_datetime", "closed_datetime");
  private static final Set<String> UPDATE_FIELDS = Set.of("status", "assignee_user", "assignee_team", "subject",
      "meta", "language", "spam", "custom_fields");
  private static final Set<String> STATUSES = Set.of(GorgiasTicket.OPEN, GorgiasTicket.CLOSED);

  private GorgiasTicketApi() {
  }

  static void register(Javalin app, GorgiasSimulator g) {
    route(app, g, POST, "/tickets", (ctx, caller) -> ApiAnswer.created(g.views().ticket(create(g,
        GorgiasRequests.object(ctx), caller.id()))));
    route(app, g, GET, "/tickets", (ctx, caller) -> {
      String externalId = ctx.queryParam("external_id");
      String customerId = ctx.queryParam("customer_id");
      return ApiAnswer.ok(GorgiasViews.list("/api/tickets/", g.tickets().all().stream()
          .filter(t -> externalId == null || externalId.equals(t.externalId))
          .filter(t -> customerId == null || customerId.equals(Long.toString(t.customerId)))
          .map(g.views()::ticket).toList()));
    });
    route(app, g, GET, "/tickets/{id}", (ctx, caller) -> ApiAnswer.ok(g.views().ticket(ticket(g, ctx))));
    route(app, g, PUT, "/tickets/{id}", (ctx, caller) -> {
      GorgiasTicket t = ticket(g, ctx);
      JsonNode body = GorgiasRequests.object(ctx);
      GorgiasRequests.only(body, "", UPDATE_FIELDS);
      String status = GorgiasRequests.choice(body, "", "status", STATUSES);
      Long user = body.path("assignee_user").isNull() || !body.has("assignee_user") ? null
          : new GorgiasPeople(g, false).user(refOrNull(body, "assignee_user"), "assignee_user");
      Long team = body.path("assignee_team").isNull() || !body.has("assignee_team") ? null
          : team(g, body.get("assignee_team"));
      String subject = GorgiasRequests.text(body, "", "subject", 998);
      g.tickets().update(t, status, body.has("assignee_user"), user, body.has("assignee_team"), team, subject);
      return ApiAnswer.ok(g.views().ticket(t));
    });

    route(app, g, GET, "/tickets/{id}/messages", (ctx, caller) -> ApiAnswer.ok(GorgiasViews.list(
        "/api/tickets/" + ticket(g, ctx).id + "/messages/", ticket(g, ctx).messages.stream()
            .map(g.views()::message).toList())));
    route(app, g, GET, "/tickets/{id}/messages/{messageId}", (ctx, caller) -> {
      long id = GorgiasRequests.pathId(ctx, "messageId", "Message");
      return ApiAnswer.ok(g.views().message(ticket(g, ctx).messages.stream().filter(m -> m.id() == id).findFirst()
          .orElseThrow(() -> GorgiasError.notFound("Message", id))));
    });
    route(app, g, POST, "/tickets/{id}/messages", (ctx, caller) -> {
      GorgiasTicket t = ticket(g, ctx);
      GorgiasMessageInput m = GorgiasMessageInput.read(GorgiasRequests.object(ctx), "");
      new GorgiasPeople(g, true).message(m, "", t.customerId, caller.id());
      return ApiAnswer.created(g.views().message(g.tickets().add(t, new GorgiasPeople(g, false).message(m, "",
          t.customerId, caller.id()))));
    });

    route(app, g, GET, "/tickets/{id}/tags", (ctx, caller) -> ApiAnswer.ok(GorgiasViews.list("/api/tags/",
        ticket(g, ctx).tags.stream().map(name -> KitJson.object("id", g.tickets().tagId(name).orElse(null),
            "name", name)).toList())));
    route(app, g, POST, "/tickets/{id}/tags", (ctx, caller) -> {
      GorgiasTicket t = ticket(g, ctx);
      JsonNode body = GorgiasRequests.object(ctx);
      GorgiasRequests.only(body, "", Set.of("names", "ids"));
      List<String> names = new ArrayList<>();
      JsonNode n = body.path("names");
      if (!n.isMissingNode() && !n.isNull()) {
        if (!n.isArray()) {
          throw GorgiasError.invalid("names", "Not a valid list.");
        }
        for (int i = 0; i < n.size(); i++) {
          if (!n.get(i).isTextual() || n.get(i).asText().isBlank()) {
            throw GorgiasError.invalid("names." + i, "Not a valid string.");
          }
          names.add(n.get(i).asText().trim());
        }
      }
      JsonNode ids = body.path("ids");
      if (!ids.isMissingNode() && !ids.isNull()) {
        if (!ids.isArray()) {
          throw GorgiasError.invalid("ids", "Not a valid list.");
        }
        for (int i = 0; i < ids.size(); i++) {
          long id = ids.get(i).asLong(-1);
          names.add(g.tickets().tagNamed(id).orElseThrow(() -> GorgiasError.invalid("ids", "Tag " + id
              + " not found.")));
        }
      }
      if (names.isEmpty()) {
        throw GorgiasError.invalid("names", "Give at least one tag name or id.");
      }
      g.tickets().tag(t, names);
      return new ApiAnswer(201, null);
    });
  }

  private static GorgiasTicket ticket(GorgiasSimulator g, io.javalin.http.Context ctx) {
    return g.tickets().get(GorgiasRequests.pathId(ctx, "id", "Ticket"));
  }

  private static Ref refOrNull(JsonNode body, String field) {
    return GorgiasMessageInput.ref(body, "", field);
  }

  private static long team(GorgiasSimulator g, JsonNode team) {
    if (!team.isObject() || !team.path("id").isIntegralNumber()) {
      throw GorgiasError.invalid("assignee_team", "Give the team as {\"id\": <team id>}.");
    }
    long id = team.get("id").asLong();
    return g.account().team(id).orElseThrow(() -> GorgiasError.invalid("assignee_team.id", "Team " + id
        + " not found.")).id();
  }

  /** POST /tickets: checked whole (a dry run of every resolution), then created. */
  private static GorgiasTicket create(GorgiasSimulator g, JsonNode body, long caller) {
    GorgiasRequests.only(body, "", TICKET_FIELDS);
    JsonNode raw = body.path("messages");
    if (!raw.isArray() || raw.isEmpty() || raw.size() > MAX_MESSAGES) {
      throw GorgiasError.invalid("messages", "Length must be between 1 and " + MAX_MESSAGES + ".");
    }
    List<GorgiasMessageInput> messages = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      messages.add(GorgiasMessageInput.read(raw.get(i), "messages." + i));
    }
    String channel = GorgiasRequests.choice(body, "", "channel", GorgiasMessageInput.CHANNELS);
    String via = GorgiasRequests.choice(body, "", "via", GorgiasMessageInput.VIAS);
    Boolean fromAgent = GorgiasRequests.flag(body, "", "from_agent");
    String status = GorgiasRequests.choice(body, "", "status", STATUSES);
    String subject = GorgiasRequests.text(body, "", "subject", 998);
    String externalId = GorgiasRequests.text(body, "", "external_id", 255);
    Ref customer = GorgiasMessageInput.ref(body, "", "customer");
    String customerAt = "customer";
    if (customer == null) {
      GorgiasMessageInput first = messages.stream().filter(m -> !m.fromAgent() || m.receiver() != null)
          .findFirst().orElseThrow(() -> GorgiasError.invalid("customer", "Missing data for required field."));
      customer = first.fromAgent() ? first.receiver() : first.sender();
      customerAt = "messages." + messages.indexOf(first) + (first.fromAgent() ? ".receiver" : ".sender");
    }
    Ref assignee = GorgiasMessageInput.ref(body, "", "assignee_user");
    Long team = body.path("assignee_team").isMissingNode() || body.path("assignee_team").isNull() ? null
        : team(g, body.get("assignee_team"));
    List<String> tags = tags(g, body.path("tags"));
    GorgiasTicket created = null;
    for (boolean dryRun : new boolean[] {true, false}) {
      GorgiasPeople people = new GorgiasPeople(g, dryRun);
      long customerId = people.customer(customer, customerAt);
      Long user = assignee == null ? null : people.user(assignee, "assignee_user");
      List<GorgiasTickets.Resolved> resolved = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        resolved.add(people.message(messages.get(i), "messages." + i, customerId, caller));
      }
      if (!dryRun) {
        created = g.tickets().create(customerId, channel != null ? channel : messages.get(0).channel(),
            via != null ? via : "api", fromAgent != null ? fromAgent : messages.get(0).fromAgent(), subject,
            externalId, status, user, team, tags, resolved, GorgiasRequests.datetime(body, "", "created_datetime"));
      }
    }
    return created;
  }

  /** {@code [{name}|{id}]}: ids must be known tags. */
  private static List<String> tags(GorgiasSimulator g, JsonNode v) {
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw GorgiasError.invalid("tags", "Not a valid list.");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode t = v.get(i);
      String at = "tags." + i;
      if (!t.isObject()) {
        throw GorgiasError.invalid(at, "Give a tag as {\"name\"} or {\"id\"}.");
      }
      GorgiasRequests.only(t, at, Set.of("id", "name", "decoration"));
      String name = GorgiasRequests.text(t, at, "name");
      Long id = GorgiasRequests.id(t, at, "id");
      if (name != null && !name.isBlank()) {
        names.add(name.trim());
      } else if (id != null) {
        names.add(g.tickets().tagNamed(id).orElseThrow(() -> GorgiasError.invalid(at + ".id", "Tag " + id
            + " not found.")));
      } else {
        throw GorgiasError.invalid(at, "Give a tag as {\"name\"} or {\"id\"}.");
      }
    }
    return names;
  }
}
