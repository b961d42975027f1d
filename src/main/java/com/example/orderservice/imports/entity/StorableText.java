package com.example.orderservice.imports.entity;

/**
 * Makes a text from an uploaded file fit a PostgreSQL text column: NUL, which PostgreSQL refuses in
 * text, is written as the six visible characters backslash-u-0000, and the text is cut to the
 * column's length in characters.
 */
public final class StorableText {

  private StorableText() {}

  public static String of(String text, int maxCharacters) {
    if (text == null) {
      return null;
    }
    String visible = text.replace("\0", "\\u0000");
    if (visible.codePointCount(0, visible.length()) <= maxCharacters) {
      return visible;
    }
    // Cut on a code point, never inside a surrogate pair; the ellipsis shows it was cut.
    int end = visible.offsetByCodePoints(0, maxCharacters - 1);
    return visible.substring(0, end) + "…";
  }
}
