package io.baton.sandbox.freshchat;

import java.util.Arrays;

/**
 * The shape of {@code message_create}'s {@code data.message}, as Freshchat's payload article shows three of them: the
 * current one ({@code message_parts}, {@code message_type}), the 2018 one ({@code msg_parts[].properties.text} with
 * {@code part_type}, no {@code message_type}) and a 2022 one ({@code message_parts}, no {@code message_type}, with
 * {@code restrictResponse}, {@code botsPrivateNote}, {@code interaction_id}).
 */
public enum PayloadVariant {
  CURRENT("current"), LEGACY_2018("legacy2018"), V2022("2022");

  private final String setting;

  PayloadVariant(String setting) {
    this.setting = setting;
  }

  /** Its name in settings and sandbox routes: {@code current}, {@code legacy2018}, {@code 2022}. */
  public String setting() {
    return setting;
  }

  public static PayloadVariant of(String setting) {
    return Arrays.stream(values()).filter(v -> v.setting.equals(setting)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("payloadVariant must be one of current, legacy2018, 2022"));
  }
}
