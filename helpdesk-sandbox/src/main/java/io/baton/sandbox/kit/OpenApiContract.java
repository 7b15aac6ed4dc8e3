package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OpenAPI 3.0 file as a contract for what went over the wire: a recorded request (method, path under the
 * server URL, query, JSON body) against its operation's parameters and request-body schema, an answer body against
 * a response schema, and a webhook body against the {@code x-webhooks} schemas (each event dispatched on its
 * {@code type} to the schema of that event, instead of the spec's {@code anyOf}). Each check returns the violations
 * found, empty when the message keeps the contract. Schemas are checked by {@link OpenApiSchemas}.
 */
public final class OpenApiContract {
  /** Where the SunCo spec is when it is not in an ancestor's {@code shared/specs}. */
  public static final String SUNCO_ENV = "BATON_SUNCO_OPENAPI";
  static final String SUNCO_FILE = "shared/specs/sunshine-conversations-openapi.yaml";
  /**
   * The workspace's copy, next to the repository's main checkout ({@code /work/main} beside {@code /work/shared}): a
   * clean clone elsewhere (CI clones into a temporary directory) finds it here.
   */
  static final Path WORKSPACE_SUNCO_FILE = Path.of("/work").resolve(SUNCO_FILE);

  private record Operation(String template, Pattern pattern, int variables, JsonNode pathItem, JsonNode operation) {}

  private final JsonNode document;
  private final OpenApiSchemas schemas;
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, String> webhookSchemas = new HashMap<>();

  private OpenApiContract(JsonNode document) {
    this.document = document;
    this.schemas = new OpenApiSchemas(document);
    document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String template = path.getKey();
      String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      int variables = template.split("\\{", -1).length - 1;
      operations.add(new Operation(op.getKey().toUpperCase() + " " + template, Pattern.compile(regex), variables,
          path.getValue(), op.getValue()));
    }));
    operations.sort(Comparator.comparingInt(Operation::variables));
    JsonNode examples = document.path("x-webhooks").path("Webhook Event").path("post").path("requestBody")
        .path("content").path("application/json").path("examples");
    examples.fields().forEachRemaining(e -> {
      String name = e.getValue().path("$ref").asText().replace("#/components/examples/", "");
      webhookSchemas.put(e.getKey(), schemas.has(name) ? name : name.replaceAll("Event$", ""));
    });
  }

  public static OpenApiContract load(Path file) {
    try {
      return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read OpenAPI file " + file, e);
    }
  }

  /**
   * The SunCo spec: from {@code $BATON_SUNCO_OPENAPI}, else {@code shared/specs/sunshine-conversations-openapi.yaml}
   * in the working directory or any of its ancestors, else the workspace's ({@link #WORKSPACE_SUNCO_FILE}). Not
   * finding it is an error that names the variable.
   */
  public static OpenApiContract sunco() {
    return load(suncoFile(System.getenv(SUNCO_ENV), Path.of("").toAbsolutePath(), List.of(WORKSPACE_SUNCO_FILE)));
  }

  static Path suncoFile(String fromEnv, Path workingDirectory, List<Path> elsewhere) {
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path file = Path.of(fromEnv);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(SUNCO_ENV + "=" + fromEnv + " is not a file");
      }
      return file;
    }
    for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(SUNCO_FILE);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    for (Path file : elsewhere) {
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("The SunCo OpenAPI file was not found: set " + SUNCO_ENV
        + " to its path, or put it at " + SUNCO_FILE + " in an ancestor of " + workingDirectory);
  }

  /** The {@code METHOD /template} of the operation a request hits, if the spec has one. */
  public Optional<String> operation(String method, String path) {
    return find(method, path).map(Operation::template);
  }

  /** Violations of a request: unknown operation, unknown or missing query parameters, a body off its schema. */
  public List<String> checkRequest(String method, String path, Map<String, List<String>> query, String body) {
    Optional<Operation> found = find(method, path);
    if (found.isEmpty()) {
      return List.of(method + " " + path + ": no such operation in the spec");
    }
    Operation op = found.get();
    List<String> errors = new ArrayList<>();
    OpenApiParameters.checkQuery(document, schemas, op.template(), List.of(op.pathItem(), op.operation()), query,
        errors);
    JsonNode requestBody = op.operation().path("requestBody");
    JsonNode schema = requestBody.path("content").path("application/json").path("schema");
    boolean hasBody = body != null && !body.isBlank();
    if (!hasBody) {
      if (requestBody.path("required").asBoolean(false)) {
        errors.add(op.template() + ": a body is required");
      }
    } else if (schema.isMissingNode()) {
      errors.add(op.template() + ": takes no JSON body");
    } else {
      checkJson(op.template(), schema, body, OpenApiSchemas.Direction.REQUEST, errors);
    }
    return errors;
  }

  /** Violations of an answer's body against the operation's schema for that status. */
  public List<String> checkResponse(String method, String path, int status, String body) {
    Optional<Operation> found = find(method, path);
    if (found.isEmpty()) {
      return List.of(method + " " + path + ": no such operation in the spec");
    }
    JsonNode response = found.get().operation().path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      return List.of(found.get().template() + ": the spec has no " + status + " answer");
    }
    JsonNode schema = response.path("content").path("application/json").path("schema");
    List<String> errors = new ArrayList<>();
    if (!schema.isMissingNode()) {
      checkJson(found.get().template() + " " + status, schema, body, OpenApiSchemas.Direction.RESPONSE, errors);
    }
    return errors;
  }

  /** Violations of a webhook POST body: the envelope, then each event against its type's schema. */
  public List<String> checkWebhook(String body) {
    List<String> errors = new ArrayList<>();
    JsonNode json = parse(body, "webhook", errors);
    if (json == null) {
      return errors;
    }
    JsonNode envelope = document.path("x-webhooks").path("Webhook Event").path("post").path("requestBody")
        .path("content").path("application/json").path("schema");
    JsonNode events = json.path("events");
    if (!events.isArray() || events.isEmpty()) {
      errors.add("webhook: events must be a non-empty array");
      return errors;
    }
    var withoutEvents = json.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutEvents).remove("events");
    schemas.check(envelope, withoutEvents, OpenApiSchemas.Direction.RESPONSE).forEach(e -> errors.add("webhook " + e));
    for (int i = 0; i < events.size(); i++) {
      String type = events.get(i).path("type").asText();
      String schema = webhookSchemas.get(type);
      if (schema == null) {
        errors.add("webhook events[" + i + "]: no schema for type " + type);
        continue;
      }
      for (String e : schemas.check(schemas.named(schema), events.get(i), OpenApiSchemas.Direction.RESPONSE)) {
        errors.add("webhook events[" + i + "] (" + type + ") " + e);
      }
    }
    return errors;
  }

  private void checkJson(String where, JsonNode schema, String body, OpenApiSchemas.Direction direction,
      List<String> errors) {
    JsonNode json = parse(body, where, errors);
    if (json != null) {
      schemas.check(schema, json, direction).forEach(e -> errors.add(where + " body " + e));
    }
  }

  private static JsonNode parse(String body, String where, List<String> errors) {
    try {
      JsonNode json = new ObjectMapper().readTree(body == null ? "" : body);
      if (json == null || json.isMissingNode()) {
        errors.add(where + ": empty body");
        return null;
      }
      return json;
    } catch (IOException e) {
      errors.add(where + ": not JSON");
      return null;
    }
  }

  private Optional<Operation> find(String method, String path) {
    String prefix = method.toUpperCase() + " ";
    return operations.stream().filter(o -> o.template().startsWith(prefix) && o.pattern().matcher(path).matches())
        .findFirst();
  }

  /** Every operation the spec has, as {@code METHOD /template}. */
  public List<String> operations() {
    return operations.stream().map(Operation::template).toList();
  }
}
