package io.baton.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baselines scenario runs end to end with tiny sizes and writes both files; no number is judged. */
class PipelineBenchSmokeTest {
  @TempDir
  Path out;

  @Test
  void theBaselinesScenarioWritesATableAndJson() throws Exception {
    Path md = PipelineBench.runForTest("baselines", "--samples", "20", "--rate", "200", "--direct-chats", "2",
        "--messages", "20", "--out", out.toString());

    String table = Files.readString(md);
    assertTrue(table.contains("| raw Kafka hop | 20 |"), table);
    JsonNode json = new ObjectMapper().readTree(md.resolveSibling(md.getFileName().toString()
        .replace(".md", ".json")).toFile());
    assertEquals("baselines", json.path("scenario").asText());
    assertEquals(Runtime.getRuntime().availableProcessors(), json.path("machine").path("cores").asInt());
    assertEquals(org.apache.kafka.common.utils.AppInfoParser.getVersion(), json.path("machine").path("kafka").asText());
    assertEquals("exactly_once_v2", json.path("settings").path("router.processing.guarantee").asText());
    JsonNode b = json.path("baselines");
    assertEquals(20, b.path("raw_hop").path("samples").asInt());
    assertEquals(20, b.path("raw_transactional_hop").path("samples").asInt());
    assertEquals(2, b.path("direct_handover").path("samples").asInt());
    assertEquals(10, b.path("direct_visitor_to_agent").path("samples").asInt());
    assertEquals(0, b.path("direct_visitor_to_agent").path("lost").asInt());
    assertEquals(10, b.path("direct_agent_to_visitor").path("samples").asInt());
  }
}
