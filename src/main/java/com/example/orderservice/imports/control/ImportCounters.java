package com.example.orderservice.imports.control;

import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderStatusChanged;
import com.example.orderservice.platform.DatabaseMigrator;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Keeps an import's {@code orders_paid} and {@code orders_payment_failed} in step with its orders'
 * status changes, in the transaction of the change: the changes of one transaction (a charged page
 * of orders, say) are added up and written as one increment per import just before the commit, so
 * charging threads hold the import's row only for that moment.
 */
@ApplicationScoped
public class ImportCounters {

  private static final Set<OrderStatus> PAID =
      EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
  private static final Object KEY = ImportCounters.class;

  @Resource TransactionSynchronizationRegistry transactions;

  @Resource(name = DatabaseMigrator.DATASOURCE)
  DataSource dataSource;

  void onStatusChanged(@Observes OrderStatusChanged change) {
    Long importId = change.order().getImportId();
    // PAYMENT_STARTED is the creation of an imported order: counted by the step that saves it.
    if (importId == null || change.event() == OrderEvent.PAYMENT_STARTED) {
      return;
    }
    OrderStatus to = change.order().getStatus();
    int paid = (PAID.contains(to) ? 1 : 0) - (PAID.contains(change.from()) ? 1 : 0);
    int failed =
        (to == OrderStatus.PENDING ? 1 : 0) - (change.from() == OrderStatus.PENDING ? 1 : 0);
    if (paid != 0 || failed != 0) {
      pending().merge(importId, new int[] {paid, failed}, ImportCounters::add);
    }
  }

  private static int[] add(int[] a, int[] b) {
    return new int[] {a[0] + b[0], a[1] + b[1]};
  }

  /** This transaction's increments by import; registered to be written at its end. */
  @SuppressWarnings("unchecked")
  private Map<Long, int[]> pending() {
    Map<Long, int[]> increments = (Map<Long, int[]>) transactions.getResource(KEY);
    if (increments == null) {
      // Sorted: transactions touching several imports lock their rows in the same order.
      Map<Long, int[]> fresh = new TreeMap<>();
      transactions.putResource(KEY, fresh);
      // Interposed: it runs after the persistence context's flush, on the same connection.
      transactions.registerInterposedSynchronization(new Writer(fresh));
      increments = fresh;
    }
    return increments;
  }

  /** Writes a transaction's increments just before it commits. */
  private final class Writer implements Synchronization {
    private final Map<Long, int[]> increments;

    Writer(Map<Long, int[]> increments) {
      this.increments = increments;
    }

    @Override
    public void beforeCompletion() {
      try (Connection c = dataSource.getConnection();
          PreparedStatement update =
              c.prepareStatement(
                  "UPDATE order_imports SET orders_paid = orders_paid + ?,"
                      + " orders_payment_failed = orders_payment_failed + ? WHERE id = ?")) {
        for (Map.Entry<Long, int[]> e : increments.entrySet()) {
          update.setInt(1, e.getValue()[0]);
          update.setInt(2, e.getValue()[1]);
          update.setLong(3, e.getKey());
          update.addBatch();
        }
        update.executeBatch();
      } catch (SQLException e) {
        // Thrown from beforeCompletion, it rolls the transaction back: counts never drift.
        throw new IllegalStateException("import counts not updated", e);
      }
    }

    @Override
    public void afterCompletion(int status) {
      // nothing to undo: the increments were part of the transaction
    }
  }
}
