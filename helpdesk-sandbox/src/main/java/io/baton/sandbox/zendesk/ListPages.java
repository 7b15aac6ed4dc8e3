package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Offset pagination as the list endpoints answer it (api-reference/introduction/pagination): {@code per_page} (at most
 * 100, the default) and {@code page} (from 1); {@code next_page} and {@code previous_page} are full URLs or null, and
 * {@code count} is the whole list's size.
 */
final class ListPages {
  static final int MAX_PER_PAGE = 100;

  private ListPages() {
  }

  /** One page of {@code items} under {@code name}; {@code url} is the list's own URL (with its query), for links. */
  static Map<String, Object> page(Context ctx, String url, String name, List<?> items) {
    int perPage = number(ctx, "per_page", MAX_PER_PAGE);
    if (perPage > MAX_PER_PAGE) {
      perPage = MAX_PER_PAGE; // larger values get the largest page
    }
    int page = number(ctx, "page", 1);
    int from = (int) Math.min(items.size(), (long) (page - 1) * perPage);
    int to = Math.min(items.size(), from + perPage);
    String sort = ctx.queryParam("sort_order") == null ? "" : "&sort_order=" + ctx.queryParam("sort_order");
    String join = url.contains("?") ? "&" : "?";
    String next = to < items.size() ? url + join + "page=" + (page + 1) + "&per_page=" + perPage + sort : null;
    String previous = page > 1 ? url + join + "page=" + (page - 1) + "&per_page=" + perPage + sort : null;
    return KitJson.object(name, items.subList(from, to), "next_page", next, "previous_page", previous, "count",
        items.size());
  }

  private static int number(Context ctx, String param, int fallback) {
    String value = ctx.queryParam(param);
    if (value == null) {
      return fallback;
    }
    if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < 1) {
      throw ZendeskError.badRequest(param + " must be a positive number");
    }
    return Integer.parseInt(value);
  }
}
