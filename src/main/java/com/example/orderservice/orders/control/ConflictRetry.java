package com.example.orderservice.orders.control;

import java.util.function.Supplier;

/**
 * Runs a write of {@link OrderStore} again when it lost against a concurrent one (a webhook, the
 * settler, an import, the charge's own answer): each try is a new transaction on the order's fresh
 * state, so a payment event is re-applied instead of failing or being turned into a refund.
 */
final class ConflictRetry {

  // A write that keeps losing after this many tries is reported as the conflict it is.
  private static final int ATTEMPTS = 5;

  private ConflictRetry() {}

  static <T> T retrying(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (ConcurrentChangeException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
