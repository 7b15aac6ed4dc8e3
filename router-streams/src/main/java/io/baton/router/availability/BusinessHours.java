package io.baton.router.availability;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a connection's agents work, from its {@code businessHours} setting, e.g. {@code "mon-fri 09:00-17:30;
 * sat 10:00-14:00"}, in its {@code timeZone} setting (default UTC). A handover outside these hours fails at once with
 * the reason, instead of waiting in a queue nobody serves.
 */
public record BusinessHours(List<Span> spans, ZoneId zone, String spec) {

  /** Some days, from a time (inclusive) to a time (exclusive; 24:00 is the end of the day). */
  public record Span(Set<DayOfWeek> days, int fromMinute, int toMinute) {}

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Reads a spec; throws IllegalArgumentException with what is wrong. */
  public static BusinessHours parse(String spec, String timeZone) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown timeZone " + timeZone);
    }
    List<Span> spans = new ArrayList<>();
    for (String part : spec.toLowerCase(Locale.ROOT).split(";")) {
      String[] words = part.trim().split("\\s+");
      if (words.length != 2 || !words[1].matches("\\d\\d:\\d\\d-\\d\\d:\\d\\d")) {
        throw new IllegalArgumentException("expected \"<days> HH:MM-HH:MM\", got \"" + part.trim() + "\"");
      }
      int from = minute(words[1].substring(0, 5));
      int to = minute(words[1].substring(6));
      if (from >= to) {
        throw new IllegalArgumentException("empty time range " + words[1]);
      }
      spans.add(new Span(days(words[0]), from, to));
    }
    return new BusinessHours(List.copyOf(spans), zone, spec.trim() + (timeZone == null ? "" : " " + timeZone.trim()));
  }

  public boolean open(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    int minute = local.getHour() * 60 + local.getMinute();
    return spans.stream().anyMatch(s -> s.days().contains(local.getDayOfWeek())
        && minute >= s.fromMinute() && minute < s.toMinute());
  }

  private static Set<DayOfWeek> days(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : text.split(",")) {
      String[] range = item.split("-");
      int first = day(range[0]);
      int last = range.length == 2 ? day(range[1]) : first;
      if (range.length > 2) {
        throw new IllegalArgumentException("unreadable days " + item);
      }
      for (int d = first;; d = (d + 1) % 7) { // "fri-mon" wraps over the weekend
        days.add(DayOfWeek.of(d + 1));
        if (d == last) {
          break;
        }
      }
    }
    return days;
  }

  private static int day(String name) {
    int i = DAYS.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown day " + name + " (use " + String.join(", ", DAYS) + ")");
    }
    return i;
  }

  private static int minute(String hhmm) {
    int h = Integer.parseInt(hhmm.substring(0, 2));
    int m = Integer.parseInt(hhmm.substring(3));
    if (h > 24 || m > 59 || (h == 24 && m != 0)) {
      throw new IllegalArgumentException("no such time " + hhmm);
    }
    return h * 60 + m;
  }
}
