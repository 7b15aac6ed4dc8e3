package io.baton.sandbox.freshchat;

import static io.baton.sandbox.freshchat.FreshchatApi.BASE_PATH;
import static io.baton.sandbox.freshchat.FreshchatApi.handle;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's users: {@code GET /users?reference_id=|email=} (a page of matches, empty when none), {@code POST /users},
 * {@code GET /users/{id}}, {@code GET /users/{id}/conversations}.
 */
final class FreshchatUserApi {
  private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

  private FreshchatUserApi() {
  }

  static void register(Javalin app, FreshchatSimulator fc) {
    FreshchatUsers users = fc.users();
    app.get(BASE_PATH + "/users", ctx -> handle(ctx, fc, "users", 200, c -> {
      int[] paging = FreshchatApi.paging(c, 10, 100);
      String referenceId = c.queryParam("reference_id");
      String email = c.queryParam("email");
      List<FreshchatUsers.User> found = referenceId != null
          ? users.byReferenceId(referenceId).stream().filter(u -> email == null || email.equalsIgnoreCase(u.email()))
              .toList()
          : email != null ? users.byEmail(email) : users.all();
      return FreshchatApi.page("users", found.stream().map(FreshchatUserApi::view).toList(), paging);
    }));
    app.post(BASE_PATH + "/users", ctx -> handle(ctx, fc, "users.create", 201, c -> {
      JsonNode body = Json.body(c);
      String email = Json.optionalText(body, "email", "");
      if (email != null && !email.matches(EMAIL)) {
        throw FreshchatError.invalid("email is not an email address");
      }
      String referenceId = Json.optionalText(body, "reference_id", "");
      if (referenceId != null && referenceId.isBlank()) {
        throw FreshchatError.invalid("reference_id must not be blank");
      }
      return view(users.create(referenceId, email, Json.optionalText(body, "first_name", ""),
          Json.optionalText(body, "last_name", ""), Json.optionalText(body, "phone", ""), properties(body)));
    }));
    app.get(BASE_PATH + "/users/{id}", ctx -> handle(ctx, fc, "users.get", 200,
        c -> view(users.get(c.pathParam("id")))));
    app.get(BASE_PATH + "/users/{id}/conversations", ctx -> handle(ctx, fc, "users.conversations", 200, c -> {
      String id = users.get(c.pathParam("id")).id();
      return Json.object("conversations", fc.conversationStore().of(id).stream()
          .map(conv -> Json.object("id", conv.id, "status", conv.status)).toList());
    }));
  }

  static Map<String, Object> view(FreshchatUsers.User u) {
    return Json.object("id", u.id(), "reference_id", u.referenceId(), "email", u.email(), "first_name",
        u.firstName(), "last_name", u.lastName(), "phone", u.phone(), "avatar", Json.object("url", null),
        "properties", u.properties(), "created_time", u.createdTime().toString(), "updated_time",
        u.createdTime().toString());
  }

  /** {@code properties: [{name, value}]}: names non-empty, values strings (numbers and booleans as their text). */
  private static List<Map<String, String>> properties(JsonNode body) {
    JsonNode v = body.path("properties");
    if (v.isMissingNode() || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw FreshchatError.invalid("properties must be a list of {name, value}");
    }
    List<Map<String, String>> list = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode p = v.get(i);
      String name = p.isObject() ? Json.requiredText(p, "name", "properties[" + i + "].") : null;
      JsonNode value = p.path("value");
      if (name == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
        throw FreshchatError.invalid("properties[" + i + "] must be {name, value} with a string value");
      }
      Map<String, String> property = new LinkedHashMap<>(); // name first, as Freshchat shows it
      property.put("name", name);
      property.put("value", value.asText());
      list.add(java.util.Collections.unmodifiableMap(property));
    }
    return list;
  }
}
