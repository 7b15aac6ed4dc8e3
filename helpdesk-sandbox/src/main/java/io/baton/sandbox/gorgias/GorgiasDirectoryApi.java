package io.baton.sandbox.gorgias;

import static io.baton.sandbox.gorgias.GorgiasApi.route;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.ApiAnswer;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account's people and wiring: customers ({@code GET /customers?email=&external_id=}, {@code GET /customers/{id}},
 * {@code POST /customers}), users ({@code GET /users}, {@code GET /users/{id}}, {@code 0}: the caller), teams
 * ({@code GET /teams}, {@code GET /teams/{id}}) and HTTP integrations ({@code /integrations}, CRUD).
 */
final class GorgiasDirectoryApi {
  private static final Set<String> CUSTOMER_FIELDS = Set.of("email", "name", "firstname", "lastname", "external_id",
      "channels", "language", "timezone", "note", "data", "meta");

  private GorgiasDirectoryApi() {
  }

  static void register(Javalin app, GorgiasSimulator g) {
    route(app, g, GET, "/customers", (ctx, caller) -> {
      String email = ctx.queryParam("email");
      String externalId = ctx.queryParam("external_id");
      List<Map<String, Object>> found = g.customers().all().stream()
          .filter(c -> email == null || email.equalsIgnoreCase(c.email))
          .filter(c -> externalId == null || externalId.equals(c.externalId)).map(g.views()::customer).toList();
      return ApiAnswer.ok(GorgiasViews.list("/api/customers/", found));
    });
    route(app, g, GET, "/customers/{id}", (ctx, caller) -> ApiAnswer.ok(g.views().customer(g.customers().get(
        GorgiasRequests.pathId(ctx, "id", "Customer")))));
    route(app, g, POST, "/customers", (ctx, caller) -> {
      JsonNode body = GorgiasRequests.object(ctx);
      GorgiasRequests.only(body, "", CUSTOMER_FIELDS);
      String email = GorgiasRequests.text(body, "", "email");
      if (email != null && !email.trim().matches(GorgiasCustomers.EMAIL)) {
        throw GorgiasError.invalid("email", "Not a valid email address.");
      }
      String name = GorgiasRequests.text(body, "", "name");
      if (name == null) {
        String first = GorgiasRequests.text(body, "", "firstname");
        String last = GorgiasRequests.text(body, "", "lastname");
        name = first == null && last == null ? null : ((first == null ? "" : first) + " "
            + (last == null ? "" : last)).trim();
      }
      GorgiasCustomers.Customer c = g.customers().create(email == null ? null : email.trim(), name,
          GorgiasRequests.text(body, "", "external_id", 255), channels(body.path("channels")));
      return ApiAnswer.created(g.views().customer(c));
    });

    route(app, g, GET, "/users", (ctx, caller) -> ApiAnswer.ok(GorgiasViews.list("/api/users/",
        g.account().users().stream().map(g.views()::user).toList())));
    route(app, g, GET, "/users/{id}", (ctx, caller) -> {
      long id = GorgiasRequests.pathId(ctx, "id", "User");
      return ApiAnswer.ok(g.views().user(id == 0 ? caller : g.account().user(id)
          .orElseThrow(() -> GorgiasError.notFound("User", id))));
    });
    route(app, g, GET, "/teams", (ctx, caller) -> ApiAnswer.ok(GorgiasViews.list("/api/teams/",
        g.account().teams().stream().map(g.views()::team).toList())));
    route(app, g, GET, "/teams/{id}", (ctx, caller) -> {
      long id = GorgiasRequests.pathId(ctx, "id", "Team");
      return ApiAnswer.ok(g.views().team(g.account().team(id).orElseThrow(() -> GorgiasError.notFound("Team", id))));
    });

    route(app, g, POST, "/integrations", (ctx, caller) -> ApiAnswer.created(integration(g.integrations().create(
        GorgiasRequests.object(ctx), caller.id()), g)));
    route(app, g, GET, "/integrations", (ctx, caller) -> {
      String type = ctx.queryParam("type");
      return ApiAnswer.ok(GorgiasViews.list("/api/integrations/", g.integrations().all().stream()
          .filter(i -> type == null || type.equals("http")).map(i -> integration(i, g)).toList()));
    });
    route(app, g, GET, "/integrations/{id}", (ctx, caller) -> ApiAnswer.ok(integration(g.integrations().get(
        GorgiasRequests.pathId(ctx, "id", "Integration")), g)));
    route(app, g, PUT, "/integrations/{id}", (ctx, caller) -> ApiAnswer.ok(integration(g.integrations().update(
        GorgiasRequests.pathId(ctx, "id", "Integration"), GorgiasRequests.object(ctx)), g)));
    route(app, g, DELETE, "/integrations/{id}", (ctx, caller) -> {
      g.integrations().delete(GorgiasRequests.pathId(ctx, "id", "Integration"));
      return ApiAnswer.noContent();
    });
  }

  /** The integration object: its headers are shown as given, as the docs' example shows them. */
  static Map<String, Object> integration(GorgiasIntegration i, GorgiasSimulator g) {
    GorgiasIntegration.Http h = i.http;
    return KitJson.object("id", i.id, "type", "http", "name", i.name, "description", i.description,
        "http", KitJson.object("id", h.id(), "url", h.url(), "method", h.method(), "headers", h.headers(),
            "form", h.form(), "request_content_type", h.requestContentType(),
            "response_content_type", h.responseContentType(), "triggers", h.triggers()),
        "created_datetime", GorgiasViews.datetime(i.created), "updated_datetime", GorgiasViews.datetime(i.updated),
        "deactivated_datetime", GorgiasViews.datetime(i.deactivated), "user", g.views().userRef(i.createdBy),
        "application_id", null, "managed", false, "uri", "/api/integrations/" + i.id + "/");
  }

  private static List<GorgiasCustomers.Channel> channels(JsonNode v) {
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw GorgiasError.invalid("channels", "Not a valid list.");
    }
    List<GorgiasCustomers.Channel> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode c = v.get(i);
      String at = "channels." + i;
      if (!c.isObject()) {
        throw GorgiasError.invalid(at, "Not a valid channel object.");
      }
      GorgiasRequests.only(c, at, Set.of("type", "address", "preferred"));
      String type = GorgiasRequests.requiredText(c, at, "type");
      String address = GorgiasRequests.requiredText(c, at, "address");
      if (type.equals("email") && !address.matches(GorgiasCustomers.EMAIL)) {
        throw GorgiasError.invalid(at + ".address", "Not a valid email address.");
      }
      out.add(new GorgiasCustomers.Channel(0, type, address));
    }
    return out;
  }
}
