package io.baton.sandbox.kit;

import io.javalin.http.Context;

/** How a platform words an error answer (its status and body), for faults and rate limits that refuse a call. */
@FunctionalInterface
public interface ErrorAnswer {
  void write(Context ctx, int status, String message);
}
