package io.baton.operations;

import io.micrometer.core.instrument.Counter;

/**
 * {@code baton.dead.letters}: records a service wrote to a dead-letter topic, by service and by that topic. Counted
 * where the dead letter is produced (the router's handler, the connectors' writes once acknowledged).
 */
public final class DeadLetterCounter {
  public static final String SUFFIX = ".dlq";

  private DeadLetterCounter() {}

  public static void count(String service, String deadLetterTopic) {
    Counter.builder("baton.dead.letters").description("Records written to a dead-letter topic")
        .tags("service", service, "topic", deadLetterTopic).register(Operations.meters()).increment();
  }

  /** Counts it when {@code topic} is a dead-letter topic; anything else is not counted. */
  public static void countIfDeadLetter(String service, String topic) {
    if (topic.endsWith(SUFFIX)) {
      count(service, topic);
    }
  }
}
