package io.baton.sandbox.oracle;

import java.util.regex.Pattern;

/**
 * The docs' Tier-1 checks on a posted message, as far as the sandbox has them: a body over {@code maxBodyLength} is
 * an extreme violation (auto-termination); a body matching the blocked pattern (none unless set) is blocked alone,
 * and the {@code maxBlocks}-th block in one engagement is a repeated violation (auto-termination) [guess: the docs
 * name the outcomes, not the thresholds].
 */
final class OracleAbuseChecks {
  enum Verdict { ALLOW, BLOCK, TERMINATE }

  static final int MAX_BLOCKS = 3;

  private volatile int maxBodyLength;
  private volatile Pattern blocked;

  OracleAbuseChecks(int maxBodyLength) {
    maxBodyLength(maxBodyLength);
  }

  Verdict check(OracleEngagement e, String body) {
    if (body.length() > maxBodyLength) {
      return Verdict.TERMINATE;
    }
    Pattern pattern = blocked;
    if (pattern != null && pattern.matcher(body).find()) {
      e.blocks++;
      return e.blocks >= MAX_BLOCKS ? Verdict.TERMINATE : Verdict.BLOCK;
    }
    return Verdict.ALLOW;
  }

  void maxBodyLength(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("maxBodyLength must be positive");
    }
    this.maxBodyLength = length;
  }

  /** Messages matching this are blocked; null: none is. */
  void blocked(Pattern pattern) {
    this.blocked = pattern;
  }
}
