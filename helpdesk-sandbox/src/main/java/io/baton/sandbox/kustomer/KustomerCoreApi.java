package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kustomer.KustomerApi.route;
import static io.baton.sandbox.kustomer.KustomerResources.data;
import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.ApiAnswer;
import io.javalin.Javalin;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kustomer's core API ({@code /v1}) as far as a chat handover uses it: the current user and users, customers (by id
 * and by {@code email=}), conversations (status, queue, tags), queues and outbound webhooks.
 */
final class KustomerCoreApi {
  private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

  private KustomerCoreApi() {
  }

  static void register(Javalin app, KustomerSimulator k) {
    route(app, k, GET, "/v1/users/current", (ctx, caller) -> ApiAnswer.ok(data(KustomerResources.user(caller))));
    route(app, k, GET, "/v1/users/{id}", (ctx, caller) -> ApiAnswer.ok(data(KustomerResources.user(
        k.org().requireUser(ctx.pathParam("id"))))));
    route(app, k, GET, "/v1/queues", (ctx, caller) -> ApiAnswer.ok(data(k.org().queues().stream()
        .map(KustomerResources::queue).toList())));

    route(app, k, GET, "/v1/customers/{ref}", (ctx, caller) -> {
      String ref = decoded(ctx.pathParam("ref"));
      KustomerCustomers.Customer c = ref.startsWith("email=")
          ? k.customers().byEmail(ref.substring("email=".length()))
              .orElseThrow(() -> KustomerError.notFound("Customer with email", ref.substring("email=".length())))
          : k.customers().get(ref);
      return ApiAnswer.ok(data(KustomerResources.customer(c)));
    });
    route(app, k, POST, "/v1/customers", (ctx, caller) -> {
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("name", "emails", "tags", "externalId"));
      String name = KustomerRequests.optionalText(body, "name");
      List<KustomerCustomers.Email> emails = body.has("emails") ? emails(body.get("emails")) : List.of();
      List<String> tags = body.has("tags") ? KustomerRequests.strings(body.get("tags"), "/tags") : List.of();
      KustomerCustomers.Customer c = k.customers().create(name, KustomerRequests.optionalText(body, "externalId"),
          emails, tags);
      k.webhooks().emit("kustomer.customer.create", KustomerResources.customer(c), null);
      return ApiAnswer.created(data(KustomerResources.customer(c)));
    });
    route(app, k, PATCH, "/v1/customers/{id}", (ctx, caller) -> {
      KustomerCustomers.Customer c = k.customers().get(ctx.pathParam("id"));
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("name", "emails", "tags"));
      String name = KustomerRequests.optionalText(body, "name");
      List<KustomerCustomers.Email> emails = body.has("emails") ? emails(body.get("emails")) : null;
      List<String> tags = body.has("tags") ? KustomerRequests.strings(body.get("tags"), "/tags") : null;
      Map<String, Object> before = KustomerResources.customer(c);
      k.customers().update(c, name, emails, tags);
      Map<String, Object> after = KustomerResources.customer(c);
      Map<String, Object> changes = KitJson.object();
      for (String field : List.of("name", "emails", "tags")) {
        Object was = attributes(before).get(field);
        Object is = attributes(after).get(field);
        if (!java.util.Objects.equals(was, is)) {
          changes.put(field, KitJson.object("before", was, "after", is));
        }
      }
      if (!changes.isEmpty()) {
        k.webhooks().emit("kustomer.customer.update", after, Map.of("attributes", changes));
      }
      return ApiAnswer.ok(data(after));
    });

    route(app, k, GET, "/v1/conversations/{id}", (ctx, caller) -> ApiAnswer.ok(data(KustomerResources.conversation(
        k.conversations().get(ctx.pathParam("id"))))));
    route(app, k, PATCH, "/v1/conversations/{id}", (ctx, caller) -> {
      KustomerConversation c = k.conversations().get(ctx.pathParam("id"));
      JsonNode body = KustomerRequests.object(ctx);
      KustomerRequests.only(body, Set.of("status", "queue"));
      String status = KustomerRequests.optionalText(body, "status");
      if (status != null && !status.equals(KustomerConversation.OPEN) && !status.equals(KustomerConversation.DONE)) {
        throw KustomerError.invalid("/status", "status must be open or done");
      }
      String queueId = null;
      if (body.has("queue")) {
        JsonNode id = body.get("queue").path("id");
        if (!id.isTextual()) {
          throw KustomerError.invalid("/queue/id", "queue must be {\"id\": <queue id>}");
        }
        queueId = k.org().queue(id.asText()).orElseThrow(() -> KustomerError.invalid("/queue/id",
            "queue " + id.asText() + " does not exist")).id();
      }
      k.conversations().update(c, status, queueId);
      return ApiAnswer.ok(data(KustomerResources.conversation(c)));
    });
    route(app, k, POST, "/v1/conversations/{id}/tags", (ctx, caller) -> {
      KustomerConversation c = k.conversations().get(ctx.pathParam("id"));
      List<String> names = KustomerRequests.strings(KustomerRequests.array(ctx), "");
      if (names.isEmpty()) {
        throw KustomerError.invalid("", "name at least one tag");
      }
      k.conversations().tag(c, names);
      return ApiAnswer.ok(data(KustomerResources.conversation(c)));
    });

    route(app, k, POST, "/v1/outbound-webhooks", (ctx, caller) -> ApiAnswer.created(data(KustomerResources.webhook(
        k.webhooks().create(KustomerRequests.object(ctx)), true))));
    route(app, k, GET, "/v1/outbound-webhooks", (ctx, caller) -> ApiAnswer.ok(data(k.webhooks().all().stream()
        .map(w -> KustomerResources.webhook(w, false)).toList())));
    route(app, k, GET, "/v1/outbound-webhooks/events", (ctx, caller) -> ApiAnswer.ok(data(KustomerWebhooks.KNOWN
        .stream().sorted().toList())));
    route(app, k, GET, "/v1/outbound-webhooks/{id}", (ctx, caller) -> ApiAnswer.ok(data(KustomerResources.webhook(
        k.webhooks().get(ctx.pathParam("id")), true))));
    route(app, k, PATCH, "/v1/outbound-webhooks/{id}", (ctx, caller) -> ApiAnswer.ok(data(KustomerResources.webhook(
        k.webhooks().update(ctx.pathParam("id"), KustomerRequests.object(ctx)), false))));
    route(app, k, DELETE, "/v1/outbound-webhooks/{id}", (ctx, caller) -> {
      k.webhooks().delete(ctx.pathParam("id"));
      return ApiAnswer.noContent();
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> attributes(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("attributes");
  }

  /** {@code email=a%2Bb%40x.com}: percent escapes decoded, a plus kept as a plus. */
  private static String decoded(String ref) {
    return URLDecoder.decode(ref.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static List<KustomerCustomers.Email> emails(JsonNode v) {
    if (!v.isArray()) {
      throw KustomerError.invalid("/emails", "emails must be a list of {type, email}");
    }
    List<KustomerCustomers.Email> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String email = e.path("email").isTextual() ? e.get("email").asText().trim() : "";
      if (!email.matches(EMAIL)) {
        throw KustomerError.invalid("/emails/" + i + "/email", "not an email address: " + e.path("email"));
      }
      String type = e.path("type").isTextual() ? e.get("type").asText() : "home";
      if (!KustomerCustomers.EMAIL_TYPES.contains(type)) {
        throw KustomerError.invalid("/emails/" + i + "/type", "type must be one of "
            + KustomerCustomers.EMAIL_TYPES);
      }
      out.add(new KustomerCustomers.Email(type, email));
    }
    return out;
  }
}
