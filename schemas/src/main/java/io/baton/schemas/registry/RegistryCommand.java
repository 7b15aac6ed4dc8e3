package io.baton.schemas.registry;

import java.util.Map;

/**
 * {@code ./baton registry import <url>}: registers the schema catalogue in a Confluent-API registry (see
 * {@link CatalogueImport}). Basic auth as the services take it ({@link SchemaRegistrySettings}). Exit 0 when the
 * registry holds the catalogue after, 1 when refused (a conflicting id), 2 on usage, 3 when the registry is
 * unavailable or refuses a request.
 */
public final class RegistryCommand {
  private RegistryCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) {
    if (args.length != 2 || !args[0].equals("import")) {
      System.err.println("usage: ./baton registry import <schema registry url>   (basic auth: "
          + SchemaRegistrySettings.CREDENTIALS_SOURCE + "=USER_INFO and " + SchemaRegistrySettings.USER_INFO + ")");
      return 2;
    }
    SchemaRegistrySettings registry;
    try {
      registry = SchemaRegistrySettings.fromEnv(Map.of(SchemaRegistrySettings.URL, args[1],
          SchemaRegistrySettings.CREDENTIALS_SOURCE, env.getOrDefault(SchemaRegistrySettings.CREDENTIALS_SOURCE, ""),
          SchemaRegistrySettings.USER_INFO, env.getOrDefault(SchemaRegistrySettings.USER_INFO, "")))
          .orElseThrow(() -> new IllegalArgumentException("the schema registry url is blank"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try {
      return CatalogueImport.ofBaton(registry, System.out).run().refused() ? 1 : 0;
    } catch (SchemaRegistryUnavailableException | IllegalStateException e) {
      System.err.println("import failed: " + e.getMessage());
      return 3;
    }
  }
}
