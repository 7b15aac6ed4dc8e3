package io.baton.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterCounterTest {
  @Test
  void deadLettersAreCountedPerServiceAndTopicAndShowInTheScrape() {
    Operations operations = Operations.process();
    String service = "dlq-test-" + UUID.randomUUID();
    DeadLetterCounter.count(service, "conversation.inputs.v1.dlq");
    DeadLetterCounter.countIfDeadLetter(service, "conversation.inputs.v1.dlq");
    DeadLetterCounter.countIfDeadLetter(service, "conversation.inputs.v1");

    assertEquals(2, Operations.meters().get("baton.dead.letters")
        .tags("service", service, "topic", "conversation.inputs.v1.dlq").counter().count());
    assertNull(Operations.meters().find("baton.dead.letters").tags("service", service, "topic",
        "conversation.inputs.v1").counter(), "not a dead-letter topic");
    assertTrue(operations.scrape().contains("baton_dead_letters_total{service=\"" + service
        + "\",topic=\"conversation.inputs.v1.dlq\"} 2.0"));
  }
}
