package io.baton.sandbox.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskApi;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's own Kustomer routes beside the desk API: {@code POST /sandbox/kustomer/chats/{id}/attachments
 * {"url", "name"?, "contentType"?, "text"?}}, the agent who has the chat sends a file by its URL (the console's
 * "Attach…"); answers the chat as the desk API does.
 */
final class KustomerSandboxRoutes {
  private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
      "image/jpeg", "gif", "image/gif", "pdf", "application/pdf", "txt", "text/plain");

  private KustomerSandboxRoutes() {
  }

  static void register(Javalin app, KustomerSimulator k) {
    app.post("/sandbox/kustomer/chats/{id}/attachments", ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      String url = DeskRequests.text(body, "url").trim();
      if (!KustomerChatApi.isHttpUrl(url)) {
        throw new DeskException(400, "url must be an http(s) URL");
      }
      String file = url.replaceAll("[?#].*$", "");
      file = file.substring(file.lastIndexOf('/') + 1);
      String name = DeskRequests.optional(body, "name") != null ? DeskRequests.optional(body, "name")
          : file.isEmpty() ? "file" : file;
      String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
          : "";
      String type = DeskRequests.optional(body, "contentType") != null ? DeskRequests.optional(body, "contentType")
          : TYPES.getOrDefault(extension, "application/octet-stream");
      String id = ctx.pathParam("id");
      k.agentSends(id, DeskRequests.optional(body, "text"),
          List.of(new KustomerMessage.Attachment(url, name, type, null)));
      KitJson.write(ctx, 200, DeskApi.toJson(k.desk().chat(id).orElseThrow(), k.desk()));
    });
  }
}
