package io.baton.connector.misc.oracle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code oracle_chat} connection's settings (not secret), checked.
 *
 * @param siteUrl           the site, {@code https://<site>.custhelp.com} (establishSessions goes there)
 * @param interfaceId       merged into the session information when the handover's lacks it; null: none [guess]
 * @param queueId           merged likewise, and the queue whose statistics the availability check reads; null: none
 * @param availabilityCheck read the queue statistics before requesting an engagement (no agent: the handover fails)
 */
record OracleSettings(String siteUrl, Long interfaceId, Long queueId, boolean availabilityCheck) {
  /** The secrets an {@code oracle_chat} connection must have, with what each is. */
  static final Map<String, String> SECRETS = Map.of("username", "the site's API user (establishSessions)",
      "password", "that user's password");

  /** The settings of a connection, or the reason they are unusable (every missing or wrong one named). */
  static OracleSettings of(Map<String, String> settings) {
    List<String> wrong = new ArrayList<>();
    String siteUrl = optional(settings, "siteUrl");
    if (siteUrl == null) {
      wrong.add("no siteUrl (https://<site>.custhelp.com)");
    } else {
      siteUrl = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
      String problem = urlProblem(siteUrl);
      if (problem != null) {
        wrong.add("siteUrl " + problem);
      }
    }
    Long interfaceId = number(settings, "interfaceId", wrong);
    Long queueId = number(settings, "queueId", wrong);
    String check = optional(settings, "availabilityCheck");
    if (check != null && !check.equals("true") && !check.equals("false")) {
      wrong.add("availabilityCheck '" + check + "' is not true or false");
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("the connection's settings are wrong: " + String.join("; ", wrong));
    }
    return new OracleSettings(siteUrl, interfaceId, queueId, !"false".equals(check));
  }

  private static Long number(Map<String, String> settings, String name, List<String> wrong) {
    String v = optional(settings, name);
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    wrong.add(name + " '" + v + "' is not a positive id");
    return null;
  }

  /** The password goes there: https only, or plain http to a local or dot-less host (the sandbox, a compose service). */
  static String urlProblem(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (host == null || uri.getScheme() == null) {
        return "'" + url + "' is not an absolute URL";
      }
      boolean local = host.equals("localhost") || host.equals("127.0.0.1") || !host.contains(".");
      if (!uri.getScheme().equals("https") && !(uri.getScheme().equals("http") && local)) {
        return "'" + url + "' must be https";
      }
      return null;
    } catch (URISyntaxException e) {
      return "'" + url + "' is not a URL";
    }
  }

  private static String optional(Map<String, String> settings, String name) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
