package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.ImportedOrder;
import com.example.orderservice.imports.entity.RejectedRow;
import com.example.orderservice.imports.entity.SourceOrder;
import com.example.orderservice.orders.control.OrderValidator;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.platform.ApiProblem;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the rules of a single order (the same {@link OrderValidator} as {@code POST
 * /api/v1/orders/}) to an imported one, reporting each broken rule on the line and column it
 * concerns. A broken rule rejects the whole order.
 */
public final class ImportRules {

  private static final Pattern ITEM_FIELD = Pattern.compile("items\\[(\\d+)]\\.(\\w+)");

  private ImportRules() {}

  public static ImportedOrder check(SourceOrder source) {
    if (!source.problems().isEmpty()) {
      return new ImportedOrder(source, null, source.problems());
    }
    try {
      NewOrder order = OrderValidator.validate(source.order());
      return new ImportedOrder(source, order, List.of());
    } catch (ApiProblem problem) {
      return new ImportedOrder(
          source,
          null,
          problem.violations().stream()
              .map(v -> rejection(source, v.field(), v.message()))
              .toList());
    }
  }

  /**
   * Why an order_ref cannot be taken, if it cannot: blank, longer than orders.order_ref (64), or
   * holding NUL, which PostgreSQL refuses in text.
   */
  static Optional<RejectedRow> checkRef(long line, String ref) {
    if (ref.isBlank() || ref.codePointCount(0, ref.length()) > CsvOrderReader.MAX_REF_LENGTH) {
      return Optional.of(
          new RejectedRow(
              line,
              ref,
              "order_ref",
              "order_ref must have 1 to " + CsvOrderReader.MAX_REF_LENGTH + " characters"));
    }
    if (OrderValidator.hasNul(ref)) {
      return Optional.of(
          new RejectedRow(
              line, ref, "order_ref", "order_ref must not contain the NUL character (U+0000)"));
    }
    return Optional.empty();
  }

  private static RejectedRow rejection(SourceOrder source, String field, String message) {
    Matcher item = ITEM_FIELD.matcher(field);
    if (item.matches()) {
      int index = Integer.parseInt(item.group(1));
      long line = source.itemLines().get(Math.min(index, source.itemLines().size() - 1));
      return new RejectedRow(line, source.orderRef(), item.group(2), item.group(2) + " " + message);
    }
    return new RejectedRow(source.firstLine(), source.orderRef(), field, field + " " + message);
  }
}
