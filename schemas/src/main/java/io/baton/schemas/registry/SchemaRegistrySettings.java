package io.baton.schemas.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How a process reaches a Confluent-API schema registry, named as Confluent's clients name it:
 * {@code schema.registry.url} ({@code BATON_SCHEMA_REGISTRY_URL}), {@code basic.auth.credentials.source}
 * ({@code BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE}, only {@code USER_INFO} is taken) and
 * {@code basic.auth.user.info} ({@code BATON_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}, {@code user:password}).
 *
 * @param userInfo {@code user:password}, or null (no authentication); never printed
 */
public record SchemaRegistrySettings(URI url, String userInfo) {
  public static final String URL = "BATON_SCHEMA_REGISTRY_URL";
  public static final String CREDENTIALS_SOURCE = "BATON_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE";
  public static final String USER_INFO = "BATON_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO";

  public SchemaRegistrySettings {
    if (url.getRawUserInfo() != null) { // not echoed: it holds a password
      throw new IllegalArgumentException("the schema registry url must not hold credentials: set "
          + CREDENTIALS_SOURCE + "=USER_INFO and " + USER_INFO + " instead");
    }
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
      throw new IllegalArgumentException("schema registry url must be http(s)://host[:port], was " + url);
    }
    if (userInfo != null && !userInfo.contains(":")) {
      throw new IllegalArgumentException("basic.auth.user.info must be user:password");
    }
    String path = url.toString();
    url = URI.create(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  public static SchemaRegistrySettings of(String url) {
    return new SchemaRegistrySettings(URI.create(url), null);
  }

  /** Empty when {@code BATON_SCHEMA_REGISTRY_URL} is unset or blank: the catalogue alone. */
  public static Optional<SchemaRegistrySettings> fromEnv(Map<String, String> env) {
    String url = env.get(URL);
    String source = env.get(CREDENTIALS_SOURCE);
    String userInfo = env.get(USER_INFO);
    if (url == null || url.isBlank()) {
      if (userInfo != null && !userInfo.isBlank()) {
        throw new IllegalArgumentException(USER_INFO + " is set but " + URL + " is not");
      }
      return Optional.empty();
    }
    boolean hasUserInfo = userInfo != null && !userInfo.isBlank();
    boolean sourceUserInfo = source != null && !source.isBlank();
    if (sourceUserInfo && !source.trim().equals("USER_INFO")) {
      throw new IllegalArgumentException(CREDENTIALS_SOURCE + " must be USER_INFO (the only source Baton takes), was '"
          + source + "'");
    }
    if (hasUserInfo != sourceUserInfo) {
      // Confluent's clients ignore user info without the source: silently unauthenticated is worse than an error.
      throw new IllegalArgumentException(
          "set both " + CREDENTIALS_SOURCE + "=USER_INFO and " + USER_INFO + ", or neither");
    }
    return Optional.of(new SchemaRegistrySettings(URI.create(url.trim()), hasUserInfo ? userInfo : null));
  }

  /** The {@code Authorization} header's value, or null without user info. */
  String authorization() {
    return userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return url + (userInfo == null ? "" : " (basic auth as " + userInfo.substring(0, userInfo.indexOf(':')) + ")");
  }
}
