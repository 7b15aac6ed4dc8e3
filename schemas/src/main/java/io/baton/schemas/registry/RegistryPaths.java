package io.baton.schemas.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

final class RegistryPaths {
  private RegistryPaths() {}

  /** A subject as one path segment (subjects may hold any character). */
  static String segment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
