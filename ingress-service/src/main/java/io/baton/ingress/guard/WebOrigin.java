package io.baton.ingress.guard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A web origin as browsers send it in {@code Origin}: {@code scheme://host} or {@code scheme://host:port}, http or
 * https, lower case, no default port, no path. Configured origins must be written so, since they are compared as
 * strings with what browsers send.
 */
final class WebOrigin {
  private static final Pattern ORIGIN =
      Pattern.compile("https?://([a-z0-9-]+(\\.[a-z0-9-]+)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

  private WebOrigin() {}

  static void require(String origin) {
    if (origin == null || !ORIGIN.matcher(origin).matches() || origin.startsWith("http://") && origin.endsWith(":80")
        || origin.startsWith("https://") && origin.endsWith(":443")) {
      throw new IllegalArgumentException("a CORS origin must be scheme://host[:port] as browsers send it (http or"
          + " https, lower case, no default port, no path), got '" + origin + "'");
    }
  }

  /** The host[:port] of an origin, to compare with a request's Host header; null for what is no origin. */
  static String authority(String origin) {
    if (origin == null) {
      return null;
    }
    int start = origin.indexOf("://");
    return start < 0 ? null : origin.substring(start + 3).toLowerCase(Locale.ROOT);
  }
}
