package com.example.orderservice.orders.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orderservice.orders.entity.ChargeClaim;
import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.orders.entity.OrderView;
import com.example.orderservice.payments.control.PaymentGateway;
import com.example.orderservice.payments.entity.ChargeOutcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * How an import page's charges are recorded: together when that works, one by one when the page's
 * transaction fails, and never a charge after the import was told to stop.
 */
class OrderOrchestratorChargeAllTest {

  private final RecordingStore store = new RecordingStore();
  private final ScriptedGateway gateway = new ScriptedGateway();
  private final OrderOrchestrator orchestrator = new OrderOrchestrator();

  OrderOrchestratorChargeAllTest() {
    orchestrator.store = store;
    orchestrator.payments = gateway;
  }

  @Test
  void completedChargesOfAPageAreRecordedInOneTransaction() {
    orchestrator.chargeAll(orders(1, 2, 3), () -> false);

    assertThat(gateway.charged).containsExactly(1L, 2L, 3L);
    assertThat(store.pages).containsExactly(List.of(1L, 2L, 3L));
    assertThat(store.oneByOne).isEmpty();
  }

  @Test
  void whenThePageTransactionFailsEachCompletedChargeIsRecordedOnItsOwn() {
    store.pageFails = true;

    orchestrator.chargeAll(orders(1, 2, 3), () -> false);

    assertThat(gateway.charged).containsExactly(1L, 2L, 3L);
    assertThat(store.oneByOne).containsExactly(1L, 2L, 3L);
  }

  @Test
  void declinedChargesGoBackToPendingUnsettledOnesWaitAndNeitherIsPartOfThePage() {
    gateway.outcomes = Map.of(2L, ChargeOutcome.FAILED, 3L, ChargeOutcome.UNKNOWN);

    orchestrator.chargeAll(orders(1, 2, 3), () -> false);

    assertThat(store.pages).containsExactly(List.of(1L));
    assertThat(store.failed).containsExactly(2L);
    assertThat(store.unsettled).containsExactly(3L);
  }

  @Test
  void stopsChargingWhenAskedAndRecordsWhatWasCharged() {
    orchestrator.chargeAll(orders(1, 2, 3), () -> gateway.charged.size() == 2);

    assertThat(gateway.charged).containsExactly(1L, 2L);
    assertThat(store.pages).containsExactly(List.of(1L, 2L));
  }

  private static List<ChargeClaim> orders(long... ids) {
    return LongStream.of(ids)
        .mapToObj(id -> new ChargeClaim(id, new BigDecimal("1500"), "JPY"))
        .toList();
  }

  private static OrderView processing(long id) {
    return new OrderView(
        id,
        "buyer@example.com",
        "Buyer",
        OrderStatus.PAYMENT_PROCESSING.jsonName(),
        "payment",
        new BigDecimal("1500"),
        "JPY",
        List.of(),
        null,
        null,
        null,
        null,
        null);
  }

  /** Answers each charge from a script; completed unless told otherwise. */
  private static final class ScriptedGateway extends PaymentGateway {
    final List<Long> charged = new ArrayList<>();
    Map<Long, ChargeOutcome> outcomes = Map.of();

    @Override
    public ChargeOutcome charge(long orderId, BigDecimal amount, String currency) {
      charged.add(orderId);
      return outcomes.getOrDefault(orderId, ChargeOutcome.COMPLETED);
    }
  }

  /** Records what the orchestrator asked the database for; the page can be made to fail. */
  private static final class RecordingStore extends OrderStore {
    final List<List<Long>> pages = new ArrayList<>();
    final List<Long> oneByOne = new ArrayList<>();
    final List<Long> failed = new ArrayList<>();
    final List<Long> unsettled = new ArrayList<>();
    boolean pageFails;

    @Override
    public OrderView paymentNotSettled(long id) {
      unsettled.add(id);
      return processing(id);
    }

    @Override
    public void paymentsCompleted(List<Long> ids, String reason) {
      if (pageFails) {
        throw new IllegalStateException("one of the orders changed meanwhile");
      }
      pages.add(List.copyOf(ids));
    }

    @Override
    public Applied paymentCompleted(long id, String reason) {
      oneByOne.add(id);
      return new Applied(processing(id), true);
    }

    @Override
    public Applied applyIfStill(long id, OrderStatus expected, OrderEvent event, String reason) {
      failed.add(id);
      return new Applied(processing(id), true);
    }

    @Override
    public OrderView require(long id) {
      return processing(id);
    }
  }
}
