package io.baton.connector.connections;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a connection's settings (not secret) as {@code connections.v1} has them, collecting every wrong one, so the
 * refusal ({@link #check}) names them all at once. Blank settings count as absent.
 */
public final class ConnectionSettings {
  private final Map<String, String> settings;
  private final List<String> wrong = new ArrayList<>();

  public ConnectionSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  /** The setting, trimmed; null when absent or blank. */
  public String optional(String name) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The setting, trimmed, or {@code fallback} when absent (a blank one stays blank, for the caller to refuse). */
  public String orDefault(String name, String fallback) {
    return settings.getOrDefault(name, fallback).trim();
  }

  /**
   * A URL credentials go to, without a trailing slash: the setting, else {@code fallback}; none is wrong ("no
   * {@code name} ({@code example})"), and so is one {@link #urlProblem} refuses. Null when missing.
   */
  public String secureUrl(String name, String fallback, String example) {
    String url = optional(name);
    if (url == null) {
      url = fallback;
    }
    if (url == null) {
      wrong.add("no " + name + " (" + example + ")");
      return null;
    }
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String problem = urlProblem(url);
    if (problem != null) {
      wrong.add(name + " " + problem);
    }
    return url;
  }

  /** An optional URL credentials or deliveries go to, as given; null when absent; wrong when refused. */
  public String optionalSecureUrl(String name) {
    String url = optional(name);
    if (url != null && urlProblem(url) != null) {
      wrong.add(name + " " + urlProblem(url));
    }
    return url;
  }

  /** A positive number naming something of the platform; null when absent or wrong ("is not a positive id"). */
  public Long positiveId(String name) {
    String v = optional(name);
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

  /** Records a wrong setting (worded by the platform: "{@code <name> '<value>' is not ...}"). */
  public void wrong(String reason) {
    wrong.add(reason);
  }

  /** Throws the reason the settings are unusable, every wrong one named; nothing when all are right. */
  public void check() {
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("the connection's settings are wrong: " + String.join("; ", wrong));
    }
  }

  /**
   * Why the URL cannot be used: credentials go there, so only https, or plain http to a local or dot-less host (the
   * sandbox, a docker-compose service); null when it can.
   */
  public static String urlProblem(String url) {
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
}
