package io.baton.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server around the simulators: health, URLs, the agent console's static files. */
class SandboxServerTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static HelpdeskSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void urlsPointAtTheRandomPort() {
    assertTrue(sandbox.port() > 0);
    assertEquals("http://localhost:" + sandbox.port(), sandbox.baseUrl());
    assertEquals("http://localhost:" + sandbox.port() + "/chat/rest/", sandbox.liveAgentRestUrl());
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> response = get("/health");
    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"UP\"}", response.body());
  }

  @Test
  void consolePageHasTheStableSelectors() throws Exception {
    HttpResponse<String> page = get("/console/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    for (String selector : new String[] {"id=\"chats\"", "id=\"agents-online\"", "id=\"chat-template\"",
        "class=\"chat-item\"", "class=\"status\"", "class=\"wait\"", "class=\"visitor-name\"",
        "id=\"context\"", "id=\"transcript\"", "class=\"accept primary\"", "id=\"reply-text\"",
        "class=\"send primary\"", "class=\"end danger\"", "src=\"console.js\""}) {
      assertTrue(page.body().contains(selector), "console page has " + selector);
    }

    HttpResponse<String> script = get("/console/console.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertTrue(script.body().contains("/sandbox/desk"), "one desk API for every platform");
    assertTrue(script.body().contains("dataset.chatId"), "rows carry data-chat-id");
    assertEquals(200, get("/console/console.css").statusCode());
    assertEquals(404, get("/console/missing.js").statusCode());
    assertEquals(404, get("/console/..%2Fpom.xml").statusCode());
  }

  @Test
  void thePerPlatformPagesAndTheirDeskApisAreGone() throws Exception {
    for (String old : new String[] {"/console/miaw.html", "/console/dixa.html", "/console/desk.js",
        "/sandbox/liveagent/chats", "/sandbox/miaw/conversations", "/sandbox/dixa/conversations"}) {
      assertEquals(404, get(old).statusCode(), old);
    }
    HttpResponse<String> chats = get("/sandbox/desk/chats");
    assertEquals(200, chats.statusCode());
    assertEquals("[]", chats.body());
  }

  @Test
  void consoleWithoutSlashRedirects() throws Exception {
    HttpResponse<String> response = get("/console");
    assertEquals(302, response.statusCode());
    assertEquals("/console/", response.headers().firstValue("Location").orElse(""));
  }
}
