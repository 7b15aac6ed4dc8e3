package io.baton.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {
  @Test
  void anUnexpectedExceptionIsA500ProblemWithoutInternals() throws Exception {
    Javalin app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
    app.get("/boom", ctx -> {
      throw new IllegalStateException("secret: db password is hunter2");
    });
    app.get("/overflow", ctx -> {
      throw new StackOverflowError();
    });
    app.get("/problem", ctx -> {
      throw Problem.validation(List.of(new FieldError("a", "'a' is required"), new FieldError("b", "'b' is odd")))
          .exception();
    });
    ErrorHandling.install(app);
    app.start(0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/boom"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(500, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
      JsonNode problem = Json.MAPPER.readTree(r.body());
      assertEquals("about:blank", problem.get("type").asText());
      assertEquals("Internal Server Error", problem.get("title").asText());
      assertTrue(problem.get("detail").asText().startsWith("an unexpected error occurred; reference "));
      assertFalse(r.body().contains("hunter2") || r.body().contains("IllegalState"), r.body());

      r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/overflow")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(500, r.statusCode(), "an Error, which Javalin's exception handlers do not see");
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      assertTrue(Json.MAPPER.readTree(r.body()).get("detail").asText()
          .startsWith("an unexpected error occurred; reference "), r.body());

      r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/problem")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(422, r.statusCode());
      assertEquals("{\"type\":\"https://baton.dev/problems/validation-failed\",\"title\":\"Invalid request content\","
          + "\"status\":422,\"detail\":\"'a' is required; 'b' is odd\",\"errors\":[{\"field\":\"a\",\"message\":"
          + "\"'a' is required\"},{\"field\":\"b\",\"message\":\"'b' is odd\"}]}", r.body());
    } finally {
      app.stop();
    }
  }

  @Test
  void jsonContentTypes() {
    JsonBodies.requireJsonContentType(null);
    JsonBodies.requireJsonContentType("application/json");
    JsonBodies.requireJsonContentType("Application/JSON; charset=utf-8");
    JsonBodies.requireJsonContentType("application/vnd.baton+json");
    ProblemException e = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
        () -> JsonBodies.requireJsonContentType("text/json"));
    assertEquals(415, e.problem().status());
  }
}
