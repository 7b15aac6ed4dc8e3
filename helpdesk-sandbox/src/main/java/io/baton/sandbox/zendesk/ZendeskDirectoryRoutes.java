package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskSupportApi.BASE_PATH;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.body;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.adminCall;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.call;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.id;
import static io.baton.sandbox.zendesk.ZendeskSupportApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * Users (api-reference/ticketing/users/users: Show Self, Show User, Search Users by {@code query} or
 * {@code external_id}, Create User, Create Or Update User) and groups (api-reference/ticketing/groups/groups: List,
 * Show, Create; a taken name is 422 "Name: has already been taken").
 */
final class ZendeskDirectoryRoutes {
  private ZendeskDirectoryRoutes() {
  }

  static void register(Javalin app, ZendeskSupportSimulator z) {
    String v2 = BASE_PATH;
    SupportRoutes.add(app, HandlerType.GET, v2 + "/users/me", ctx -> call(ctx, z, "users", actor -> json(ctx, 200,
        Map.of("user", actor.toJson(z.apiUrl())))));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/users/search", ctx -> call(ctx, z, "users", actor -> {
      String query = ctx.queryParam("query");
      String externalId = ctx.queryParam("external_id");
      List<SupportUser> found = z.withDirectory(d -> {
        if (externalId != null) {
          return d.byExternalId(externalId);
        }
        if (query == null || query.isBlank()) {
          throw ZendeskError.badRequest("query or external_id is required");
        }
        // "email:ann@example.com" or a bare email match on the address; anything else on the name.
        String q = query.trim().startsWith("email:") ? query.trim().substring(6) : query.trim();
        if (q.contains("@")) {
          return d.byEmail(q).map(List::of).orElse(List.of());
        }
        return d.users().stream().filter(u -> u.name().toLowerCase().contains(q.toLowerCase())).toList();
      });
      String self = z.apiUrl() + "/users/search.json?" + (externalId != null ? "external_id=" + encoded(externalId)
          : "query=" + encoded(query));
      json(ctx, 200, ListPages.page(ctx, self, "users",
          found.stream().map(u -> u.toJson(z.apiUrl())).toList()));
    }));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/users/{id}", ctx -> call(ctx, z, "users", actor -> json(ctx, 200,
        Map.of("user", z.withDirectory(d -> d.user(id(ctx)).toJson(z.apiUrl()))))));
    SupportRoutes.add(app, HandlerType.POST, v2 + "/users", ctx -> call(ctx, z, "users.create", actor -> {
      JsonNode user = userBody(body(ctx), actor);
      SupportUser created = z.withDirectory(d -> d.create(text(user, "name"), text(user, "email"),
          text(user, "role"), text(user, "external_id")));
      json(ctx, 201, Map.of("user", created.toJson(z.apiUrl())));
    }));
    SupportRoutes.add(app, HandlerType.POST, v2 + "/users/create_or_update",
        ctx -> call(ctx, z, "users.create", actor -> {
          JsonNode user = userBody(body(ctx), actor);
          boolean[] created = new boolean[1];
          if (text(user, "email") == null && text(user, "external_id") == null) {
            throw ZendeskError.invalid("email", "BlankValue", "Email: cannot be blank");
          }
          SupportUser u = z.withDirectory(d -> d.createOrUpdate(text(user, "name"), text(user, "email"),
              text(user, "role"), text(user, "external_id"), created));
          json(ctx, created[0] ? 201 : 200, Map.of("user", u.toJson(z.apiUrl())));
        }));

    SupportRoutes.add(app, HandlerType.GET, v2 + "/groups",
        ctx -> call(ctx, z, "groups", actor -> json(ctx, 200, ListPages.page(ctx, z.apiUrl() + "/groups.json", "groups",
            z.withDirectory(d -> d.groups().stream().map(g -> g.toJson(z.apiUrl())).toList())))));
    SupportRoutes.add(app, HandlerType.GET, v2 + "/groups/{id}", ctx -> call(ctx, z, "groups", actor -> json(ctx, 200,
        Map.of("group", z.withDirectory(d -> d.group(id(ctx)).toJson(z.apiUrl()))))));
    SupportRoutes.add(app, HandlerType.POST, v2 + "/groups", ctx -> adminCall(ctx, z, "groups.create", actor -> {
      JsonNode group = body(ctx).get("group");
      if (group == null || !group.isObject()) {
        throw ZendeskError.badRequest("Parameter group is required and must be an object");
      }
      SupportDirectory.Group g = z.withDirectory(d -> d.createGroup(text(group, "name")));
      json(ctx, 201, Map.of("group", g.toJson(z.apiUrl())));
    }));
  }

  private static String encoded(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The {@code user} object; only an admin may make or change staff (a role other than end-user). */
  private static JsonNode userBody(JsonNode body, SupportUser actor) {
    JsonNode user = body.get("user");
    if (user == null || !user.isObject()) {
      throw ZendeskError.badRequest("Parameter user is required and must be an object");
    }
    String role = text(user, "role");
    if (role != null && !SupportUser.END_USER.equals(role)) {
      ZendeskError.requireAdmin(actor);
    }
    return user;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ZendeskError.badRequest(field + " must be a string");
    }
    return value.asText();
  }
}
