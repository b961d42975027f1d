package com.example.orderservice.platform;

/**
 * Reads the paging and filter query parameters of list endpoints; anything out of range is a 400.
 */
public final class Paging {

  private Paging() {}

  /**
   * {@code text} as a whole number from {@code min} to {@code max}, or {@code fallback} if absent.
   */
  public static int parse(String name, String text, int fallback, int min, int max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiProblem.badRequest(
        "The query parameter "
            + name
            + " must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max)
            + "; it was '"
            + text
            + "'.");
  }

  /** {@code text} as an id to filter by, or null if absent. */
  public static Long optionalId(String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(name + " must be a whole number; it was '" + text + "'.");
    }
  }
}
