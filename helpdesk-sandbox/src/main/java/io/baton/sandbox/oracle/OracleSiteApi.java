package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The site's {@code establishSessions} (Basic auth with an API user): checks the session information, issues the
 * channel token and names the chat session server ({@code sessionServerResponse}, a JSON string with its domain and
 * pool). Errors are {@code {"status", "title", "detail"}} [guess].
 */
final class OracleSiteApi {
  static final String ESTABLISH_SESSIONS = "/services/rest/crossChannelServices/latest/establishSessions";

  private OracleSiteApi() {
  }

  static void register(Javalin app, String basePath, OracleSite site, ApiFaults faults) {
    app.post(basePath + ESTABLISH_SESSIONS, ctx -> {
      if (faults.refuse(ctx, "establishSessions", OracleSiteApi::error)) {
        return;
      }
      String username = authenticatedUser(ctx, site);
      if (username == null) {
        ctx.header("WWW-Authenticate", "Basic realm=\"" + site.siteName() + "\"");
        error(ctx, 401, "A valid API user name and password are required (Basic authentication)");
        return;
      }
      ObjectNode info;
      try {
        info = OracleRequests.sessionInformation(OracleRequests.object(ctx));
      } catch (OracleError e) {
        error(ctx, e.status(), e.getMessage());
        return;
      }
      String sessionServer = KitJson.write(KitJson.object("domain", site.domain(), "pool", OracleSite.POOL));
      KitJson.write(ctx, 200, KitJson.object("siteName", site.siteName(),
          "channelToken", site.issueToken(username, info), "sessionServerResponse", sessionServer));
      ApiFaults.afterCall(ctx, OracleSiteApi::error);
    });
  }

  private static String authenticatedUser(Context ctx, OracleSite site) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String username = decoded.substring(0, colon);
    return site.authenticates(username, decoded.substring(colon + 1)) ? username : null;
  }

  private static void error(Context ctx, int status, String detail) {
    String title = switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 429 -> "Too Many Requests";
      default -> status >= 500 ? "Server Error" : "Error";
    };
    KitJson.write(ctx, status, KitJson.object("status", status, "title", title, "detail", detail));
  }
}
