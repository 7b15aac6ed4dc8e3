package io.baton.sandbox.kit;

import io.javalin.http.Context;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** What a simulator's API call answers: its status and JSON body (null: no body). */
public record ApiAnswer(int status, Object body) {
  public static ApiAnswer ok(Object body) {
    return new ApiAnswer(200, body);
  }

  public static ApiAnswer created(Object body) {
    return new ApiAnswer(201, body);
  }

  public static ApiAnswer noContent() {
    return new ApiAnswer(204, null);
  }

  /**
   * The last steps of a call that passed authentication, rate limit and faults: runs it (the supplier runs it under
   * the simulator's monitor), writes its answer or the platform's refusal it threw, then the after-call faults.
   */
  public static <E extends RuntimeException> void respond(Context ctx, Supplier<ApiAnswer> call, Class<E> refusal,
      BiConsumer<E, Context> writeRefusal, ErrorAnswer faultAnswer) throws InterruptedException {
    try {
      ApiAnswer answer = call.get();
      if (answer.body() == null) {
        ctx.status(answer.status());
      } else {
        KitJson.write(ctx, answer.status(), answer.body());
      }
    } catch (RuntimeException e) {
      if (!refusal.isInstance(e)) {
        throw e;
      }
      writeRefusal.accept(refusal.cast(e), ctx);
      return;
    }
    ApiFaults.afterCall(ctx, faultAnswer);
  }
}
