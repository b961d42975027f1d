package com.example.orderservice.orders.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When a charge without a final answer is looked at again (capped exponential backoff with jitter)
 * and when the service stops trying (the give-up time, counted from the order's creation).
 */
@ApplicationScoped
public class PaymentRetryPolicy {

  @Inject
  @ConfigProperty(name = "PAYMENT_SETTLE_BACKOFF_BASE_SECONDS", defaultValue = "5")
  long baseSeconds;

  @Inject
  @ConfigProperty(name = "PAYMENT_SETTLE_BACKOFF_MAX_SECONDS", defaultValue = "600")
  long maxSeconds;

  @Inject
  @ConfigProperty(name = "PAYMENT_SETTLE_GIVE_UP_SECONDS", defaultValue = "86400")
  long giveUpSeconds;

  /** How long to wait after {@code attempts} attempts without a final answer. */
  public Duration delayAfter(int attempts) {
    long ceiling = Math.min(maxSeconds * 1000, (baseSeconds * 1000) << Math.min(attempts, 20));
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }

  /** True once an order created at {@code createdAt} has waited long enough for its payment. */
  public boolean givenUp(Instant createdAt) {
    return createdAt.plusSeconds(giveUpSeconds).isBefore(Instant.now());
  }
}
