package com.example.orderservice.orders.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;

/** The money rules of one ISO-4217 currency: how many minor digits an amount may have. */
public record Money(Currency currency) {

  /** The rules of a known currency code such as {@code JPY} or {@code USD}. */
  public static Money of(String code) {
    return find(code).orElseThrow(() -> new IllegalArgumentException("unknown currency " + code));
  }

  /** Empty unless {@code code} is an upper-case ISO-4217 code of a currency with minor units. */
  public static Optional<Money> find(String code) {
    if (code == null || !code.matches("[A-Z]{3}")) {
      return Optional.empty();
    }
    try {
      Currency currency = Currency.getInstance(code);
      return currency.getDefaultFractionDigits() < 0
          ? Optional.empty()
          : Optional.of(new Money(currency));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public int minorDigits() {
    return currency.getDefaultFractionDigits();
  }

  /** True when {@code amount} needs no more decimals than the currency has. */
  public boolean fits(BigDecimal amount) {
    return amount.stripTrailingZeros().scale() <= minorDigits();
  }

  /** {@code amount} written with exactly the currency's minor digits (never rounds a valid one). */
  public BigDecimal scaled(BigDecimal amount) {
    return amount.setScale(minorDigits(), RoundingMode.UNNECESSARY);
  }
}
