package io.baton.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

  @Test
  void anAbsentOrBlankVariableIsNotSet() {
    Map<String, String> env = Map.of("BLANK", "  ");
    assertEquals(OptionalLong.empty(), EnvironmentSettings.wholeNumber(env, "BLANK"));
    assertEquals(7, EnvironmentSettings.wholeNumber(env, "ABSENT", 7));
    assertEquals(7, EnvironmentSettings.integer(env, "BLANK", 7));
  }

  @Test
  void aNumberIsReadWithoutItsSurroundingSpace() {
    Map<String, String> env = Map.of("PORT", " 8097 ", "BIG", "5000000000");
    assertEquals(8097, EnvironmentSettings.integer(env, "PORT", 1));
    assertEquals(5_000_000_000L, EnvironmentSettings.wholeNumber(env, "BIG", 1));
  }

  @Test
  void anUnreadableValueNamesItsVariable() {
    Map<String, String> env = Map.of("PORT", "eighty", "BIG", "5000000000");
    assertEquals("PORT must be a whole number, was 'eighty'", assertThrows(IllegalArgumentException.class,
        () -> EnvironmentSettings.wholeNumber(env, "PORT", 1)).getMessage());
    assertEquals("BIG must be a whole number up to 2147483647, was '5000000000'",
        assertThrows(IllegalArgumentException.class, () -> EnvironmentSettings.integer(env, "BIG", 1)).getMessage());
  }
}
