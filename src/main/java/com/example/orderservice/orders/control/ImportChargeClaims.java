package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.ChargeClaim;
import com.example.orderservice.orders.entity.Money;
import com.example.orderservice.platform.InstanceIdentity;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Claims pages of an import's orders that wait for their first charge, for whichever instance asks:
 * {@code SKIP LOCKED} keeps two instances off the same orders, and the lease ({@code claim_until},
 * the database's clock) hands the orders of an instance that died to the others once it ran out.
 */
@Stateless
public class ImportChargeClaims {

  @PersistenceContext EntityManager em;

  /**
   * Up to {@code limit} of the import's waiting orders, claimed for {@code lease} by this instance.
   * Waiting: PAYMENT_PROCESSING and never charged (a charge without a final answer sets its next
   * check, and the settling takes it from there once the import is done).
   */
  @SuppressWarnings("unchecked")
  public List<ChargeClaim> claim(long importId, int limit, Duration lease) {
    List<Object[]> rows =
        em.createNativeQuery(
                "UPDATE orders o SET claimed_by = ?1,"
                    + " claim_until = now() + make_interval(secs => ?2)"
                    + " FROM (SELECT id FROM orders WHERE import_id = ?3"
                    + " AND status = 'PAYMENT_PROCESSING' AND next_payment_check_at IS NULL"
                    + " AND (claim_until IS NULL OR claim_until < now())"
                    + " ORDER BY id LIMIT ?4 FOR UPDATE SKIP LOCKED) page"
                    + " WHERE o.id = page.id RETURNING o.id, o.total_amount, o.currency")
            .setParameter(1, InstanceIdentity.id())
            .setParameter(2, (double) lease.toMillis() / 1000)
            .setParameter(3, importId)
            .setParameter(4, limit)
            .getResultList();
    return rows.stream()
        .map(ImportChargeClaims::claimOf)
        .sorted(java.util.Comparator.comparingLong(ChargeClaim::orderId))
        .toList();
  }

  /** Hands this instance's claimed orders that it has not charged back to the others (a stop). */
  public int release() {
    return em.createNativeQuery(
            "UPDATE orders SET claim_until = NULL WHERE import_id IS NOT NULL AND claimed_by = ?1"
                + " AND claim_until > now()"
                + " AND status = 'PAYMENT_PROCESSING' AND next_payment_check_at IS NULL")
        .setParameter(1, InstanceIdentity.id())
        .executeUpdate();
  }

  // The amount as every other charge of the order sends it (the currency's digits), so that a
  // repeat under the same idempotency key carries the same body.
  private static ChargeClaim claimOf(Object[] row) {
    String currency = String.valueOf(row[2]).trim();
    return new ChargeClaim(
        ((Number) row[0]).longValue(), Money.of(currency).scaled((BigDecimal) row[1]), currency);
  }

  /** True while some order of the import still waits for its first charge, claimed or not. */
  public boolean anyWaiting(long importId) {
    // EXISTS, not COUNT(*): the owner asks every 250 ms, and a count visits every waiting order
    // (half a million in the million-row import) where EXISTS stops at the first.
    return (Boolean)
        em.createNativeQuery(
                "SELECT EXISTS (SELECT 1 FROM orders WHERE import_id = ?1"
                    + " AND status = 'PAYMENT_PROCESSING' AND next_payment_check_at IS NULL)")
            .setParameter(1, importId)
            .getSingleResult();
  }
}
