package com.example.orderservice.platform;

/**
 * Makes a CSV cell safe to open in a spreadsheet (security.md): a cell that a spreadsheet would run
 * as a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return)
 * is prefixed with {@code '}, which the spreadsheet shows as text.
 */
public final class CsvCells {

  private CsvCells() {}

  public static Object neutralise(Object cell) {
    if (!(cell instanceof String text) || text.isEmpty()) {
      return cell;
    }
    return switch (text.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
      default -> text;
    };
  }
}
