package io.baton.ingress.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.auth.Access;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an {@code application/problem+json} answer: problems raised by the handlers, Javalin's own
 * 404/405, and, as the last resort, any unexpected exception or error as a 500 that names a log reference but no
 * internals.
 */
public final class ErrorHandling {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  public static void install(Javalin app) {
    app.exception(ProblemException.class, (e, ctx) -> write(ctx, e.problem()));
    app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e, ctx)));
    app.exception(Exception.class, (e, ctx) -> write(ctx, unexpected(e, ctx)));
    app.unsafeConfig().pvt.javaLangErrorHandler(ErrorHandling::fatal);
  }

  public static void write(Context ctx, Problem problem) {
    ctx.status(problem.status());
    ctx.contentType(Problem.CONTENT_TYPE);
    ctx.result(json(problem));
  }

  /** The problem's application/problem+json body. */
  public static String json(Problem problem) {
    ObjectNode body = Json.object();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    if (!problem.errors().isEmpty()) {
      ArrayNode errors = body.putArray("errors");
      problem.errors().forEach(e -> errors.addObject().put("field", e.field()).put("message", e.message()));
    }
    return Json.write(body);
  }

  /**
   * A {@link java.lang.Error} in a handler (a stack overflow, say), which Javalin's exception handlers never see: the
   * same 500 problem as {@link #unexpected}, instead of Javalin's empty 500.
   */
  public static void fatal(HttpServletResponse response, Error e) {
    String reference = UUID.randomUUID().toString();
    log.error("unexpected error, reference {}", reference, e);
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    response.setStatus(500);
    response.setContentType(Problem.CONTENT_TYPE);
    ObjectNode body = Json.object();
    body.put("type", "about:blank");
    body.put("title", "Internal Server Error");
    body.put("status", 500);
    body.put("detail", "an unexpected error occurred; reference " + reference);
    try {
      response.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    } catch (IOException gone) {
      // the client went away
    }
  }

  /** Logs the exception under a reference the client can quote; the answer reveals nothing else. */
  public static Problem unexpected(Throwable e, Context ctx) {
    String reference = UUID.randomUUID().toString();
    log.error("unexpected error, reference {}, on {} {}", reference, ctx.method(), ctx.path(), e);
    return Problem.plain(500, "Internal Server Error", "an unexpected error occurred; reference " + reference);
  }

  private static Problem fromJavalin(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    if (status == 404 && ctx.path().startsWith("/v1/conversations//")) {
      return Access.invalidConversationId(); // an empty id matches no route, but it is the id that is wrong
    }
    if (status == 404) {
      return Problem.plain(404, "Not Found", "nothing at " + ctx.method() + " " + ctx.path());
    }
    if (status == 405) {
      String allowed = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
      if (allowed != null) {
        ctx.header("Allow", allowed);
      }
      return Problem.plain(405, "Method Not Allowed",
          ctx.method() + " is not allowed on " + ctx.path() + (allowed == null ? "" : "; allowed: " + allowed));
    }
    HttpStatus known = HttpStatus.forStatus(status);
    return Problem.plain(status, known == HttpStatus.UNKNOWN ? "Error" : known.getMessage(), e.getMessage());
  }
}
