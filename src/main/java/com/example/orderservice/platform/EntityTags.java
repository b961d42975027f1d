package com.example.orderservice.platform;

/**
 * Strong entity tags from a JPA version ({@code "3"}) and the {@code If-Match} check of RFC 9110: a
 * client that sends the tag it read gets 412 instead of overwriting a change it has not seen.
 */
public final class EntityTags {

  private EntityTags() {}

  /** The ETag header value of {@code version}. */
  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Throws a 412 problem unless {@code ifMatch} is absent, {@code *}, or lists the tag of {@code
   * version} (a weak {@code W/} prefix is tolerated: the tags are only ever compared here).
   */
  public static void requireMatch(String ifMatch, long version, String what) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return;
    }
    String current = of(version);
    for (String tag : ifMatch.split(",")) {
      String candidate = tag.trim();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals("*") || candidate.equals(current)) {
        return;
      }
    }
    throw new ApiProblem(
        412,
        "Precondition Failed",
        what
            + " has changed since the version in If-Match; it is now version "
            + current
            + ". Read it again.",
        java.util.List.of());
  }
}
