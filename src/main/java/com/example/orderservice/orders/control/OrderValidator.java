package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.Money;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.ApiProblem.FieldViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules an order must meet before anything is saved or any peer is called; every broken rule is
 * reported with the JSON field it concerns.
 */
public final class OrderValidator {

  public static final String DEFAULT_CURRENCY = "JPY";
  public static final int MAX_EMAIL_LENGTH = 254;
  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_ITEMS = 1000;
  public static final int MAX_QUANTITY = 10_000;
  // NUMERIC(19,4) leaves 15 integer digits; stay well inside so totals fit too.
  static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000000000");
  // orders.total_amount is NUMERIC(19,4): 15 integer digits. Unit price, quantity and item count
  // each within their limits can still add up to 10^19, which PostgreSQL refuses.
  public static final BigDecimal MAX_TOTAL = new BigDecimal("1000000000000000");

  static final String NO_NUL = "must not contain the NUL character (U+0000)";

  // Deliberately simple: one @, no spaces, a dot in the domain. The mail peer is the final judge.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

  private OrderValidator() {}

  /**
   * The order with its currency defaulted to JPY when it names none.
   *
   * @throws ApiProblem 422 listing every broken rule
   */
  public static NewOrder validate(NewOrder order) {
    List<FieldViolation> violations = new ArrayList<>();
    String currency = order.currency() == null ? DEFAULT_CURRENCY : order.currency();
    Optional<Money> money = Money.find(currency);
    if (money.isEmpty()) {
      violations.add(
          new FieldViolation(
              "currency", "must be an ISO-4217 code in upper case, like JPY or USD"));
    }
    checkEmail(order.customerEmail(), "customer_email", violations);
    checkText(order.customerName(), "customer_name", MAX_NAME_LENGTH, violations);
    if (order.items() == null || order.items().isEmpty()) {
      violations.add(new FieldViolation("items", "must hold at least one item"));
    } else if (order.items().size() > MAX_ITEMS) {
      violations.add(new FieldViolation("items", "must hold at most " + MAX_ITEMS + " items"));
    } else {
      for (int i = 0; i < order.items().size(); i++) {
        checkItem(order.items().get(i), "items[" + i + "]", money, violations);
      }
      checkTotal(order.items(), violations);
    }
    if (!violations.isEmpty()) {
      throw ApiProblem.invalid(violations);
    }
    return new NewOrder(order.customerEmail(), order.customerName(), order.items(), currency);
  }

  static void checkEmail(String email, String field, List<FieldViolation> violations) {
    if (email == null || email.isBlank()) {
      violations.add(new FieldViolation(field, "is required"));
    } else if (email.length() > MAX_EMAIL_LENGTH) {
      violations.add(
          new FieldViolation(field, "must be at most " + MAX_EMAIL_LENGTH + " characters"));
    } else if (hasNul(email)) {
      violations.add(new FieldViolation(field, NO_NUL));
    } else if (!EMAIL.matcher(email).matches()) {
      violations.add(new FieldViolation(field, "must be an e-mail address like name@example.com"));
    }
  }

  static void checkText(String text, String field, int max, List<FieldViolation> violations) {
    if (text == null || text.isBlank()) {
      violations.add(new FieldViolation(field, "is required"));
    } else if (text.codePointCount(0, text.length()) > max) {
      violations.add(new FieldViolation(field, "must be at most " + max + " characters"));
    } else if (hasNul(text)) {
      violations.add(new FieldViolation(field, NO_NUL));
    }
  }

  /** True when {@code text} holds U+0000, which PostgreSQL refuses in any text column. */
  public static boolean hasNul(String text) {
    return text != null && text.indexOf('\0') >= 0;
  }

  /** The total must fit orders.total_amount; checked only when every item was readable. */
  private static void checkTotal(List<NewOrder.Item> items, List<FieldViolation> violations) {
    BigDecimal total = BigDecimal.ZERO;
    for (NewOrder.Item item : items) {
      if (item == null || item.quantity() == null || item.unitPrice() == null) {
        return;
      }
      total = total.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
    }
    if (total.compareTo(MAX_TOTAL) >= 0) {
      violations.add(
          new FieldViolation(
              "items",
              "add up to "
                  + total.stripTrailingZeros().toPlainString()
                  + "; an order's total (unit_price × quantity, summed) must be less than "
                  + MAX_TOTAL.toPlainString()));
    }
  }

  private static void checkItem(
      NewOrder.Item item, String path, Optional<Money> money, List<FieldViolation> violations) {
    if (item == null) {
      violations.add(new FieldViolation(path, "must be an object"));
      return;
    }
    checkText(item.productName(), path + ".product_name", MAX_NAME_LENGTH, violations);
    if (item.quantity() == null) {
      violations.add(new FieldViolation(path + ".quantity", "is required"));
    } else if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
      violations.add(
          new FieldViolation(
              path + ".quantity", "must be a whole number from 1 to " + MAX_QUANTITY));
    }
    BigDecimal price = item.unitPrice();
    String priceField = path + ".unit_price";
    if (price == null) {
      violations.add(new FieldViolation(priceField, "is required"));
    } else if (price.signum() < 0) {
      violations.add(new FieldViolation(priceField, "must not be negative"));
    } else if (price.compareTo(MAX_UNIT_PRICE) >= 0) {
      violations.add(new FieldViolation(priceField, "must be less than " + MAX_UNIT_PRICE));
    } else if (money.isPresent() && !money.get().fits(price)) {
      int digits = money.get().minorDigits();
      violations.add(
          new FieldViolation(
              priceField,
              digits == 0
                  ? "must be a whole amount: " + money.get().currency() + " has no minor unit"
                  : "must have at most " + digits + " decimals for " + money.get().currency()));
    }
  }
}
