package com.example.orderservice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.orderservice.orders.control.OrderValidator;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.platform.ApiProblem;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order rules, without a server. */
class OrderValidatorTest {

  private static NewOrder order(String currency, String price) {
    return new NewOrder(
        "tanaka@example.co.jp",
        "田中太郎",
        List.of(new NewOrder.Item("ノートPC", 2, new BigDecimal(price))),
        currency);
  }

  @Test
  void aGoodOrderPassesAndDefaultsToYen() {
    assertThat(OrderValidator.validate(order(null, "89800.0")).currency()).isEqualTo("JPY");
    assertThat(OrderValidator.validate(order("USD", "0.10")).currency()).isEqualTo("USD");
    assertThat(OrderValidator.validate(order("KWD", "1.125")).currency()).isEqualTo("KWD");
  }

  @Test
  void pricesMayNotHaveMoreDecimalsThanTheCurrency() {
    assertThatThrownBy(() -> OrderValidator.validate(order("JPY", "1.5")))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(422);
              assertThat(p.violations())
                  .extracting(ApiProblem.FieldViolation::field)
                  .containsExactly("items[0].unit_price");
            });
    assertThatThrownBy(() -> OrderValidator.validate(order("USD", "0.001")))
        .isInstanceOf(ApiProblem.class);
  }

  @Test
  void namesAreCountedInCharactersNotBytes() {
    NewOrder longJapaneseName =
        new NewOrder(
            "a@example.com",
            "名".repeat(200),
            List.of(new NewOrder.Item("Pen", 1, BigDecimal.ONE)),
            "JPY");
    assertThat(OrderValidator.validate(longJapaneseName)).isNotNull();
  }

  @Test
  void aTotalBeyondWhatTheDatabaseKeepsIsRefusedNamingTheItems() {
    // Each item is within its own limits, the sum is not: 999,999,999,999 × 10,000 × 2.
    NewOrder huge =
        new NewOrder(
            "a@example.com",
            "Ann",
            List.of(
                new NewOrder.Item("Gold", 10_000, new BigDecimal("999999999999")),
                new NewOrder.Item("Gold", 10_000, new BigDecimal("999999999999"))),
            "JPY");
    assertThatThrownBy(() -> OrderValidator.validate(huge))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p ->
                assertThat(p.violations())
                    .extracting(ApiProblem.FieldViolation::field)
                    .containsExactly("items"));
    NewOrder justFits =
        new NewOrder(
            "a@example.com",
            "Ann",
            List.of(new NewOrder.Item("Gold", 1_000, new BigDecimal("999999999999"))),
            "JPY");
    assertThat(OrderValidator.validate(justFits)).isNotNull();
  }

  @Test
  void theNulCharacterIsRefusedInEveryTextField() {
    NewOrder nulEverywhere =
        new NewOrder(
            "a\u0000@example.com",
            "Ann\u0000",
            List.of(new NewOrder.Item("P\u0000en", 1, BigDecimal.ONE)),
            "JPY");
    assertThatThrownBy(() -> OrderValidator.validate(nulEverywhere))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p ->
                assertThat(p.violations())
                    .extracting(ApiProblem.FieldViolation::field)
                    .containsExactlyInAnyOrder(
                        "customer_email", "customer_name", "items[0].product_name"));
  }
}
