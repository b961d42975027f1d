package com.example.orderservice.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.LedgerPaymentService;
import com.example.orderservice.support.LedgerPaymentService.Behaviour;
import com.example.orderservice.support.LedgerPaymentService.RefundBehaviour;
import com.example.orderservice.support.LocalDatabase;
import com.example.orderservice.support.PayaraProcess;
import com.example.orderservice.support.TestEnvironment;
import com.example.orderservice.support.TestTokens;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The money ledger: a Payment Service that answers each call at random (completed, failed, 402,
 * 500, a reset, an answer lost after the money moved, pending then webhooks that come twice or out
 * of order), clients that create, cancel, ship and deliver at the same time, and a server killed
 * and restarted in the middle. Once everything has settled, the stand-in's ledger and the orders
 * must agree: money taken ends on a paid (shipped, delivered) order or is refunded; a cancelled or
 * pending order holds no money; no order was charged twice, refunded twice, or shipped refunded.
 *
 * <p>CI runs the fixed seeds below; {@code -Dmoney.ledger.seeds=1,2,3,...} runs others (a soak).
 */
@ExtendWith(TestEnvironment.class)
class MoneyLedgerIT {

  private static final String SECRET = "ledger-webhook-secret";
  private static final String FIXED_SEEDS = "11,23,47";
  private static final int CLIENTS = 4;
  private static final int ORDERS_PER_CLIENT = 12;

  @Test
  void everyChargeEndsInExactlyOnePlaceWhateverThePaymentServiceAnswers() throws Exception {
    long[] seeds =
        Arrays.stream(System.getProperty("money.ledger.seeds", FIXED_SEEDS).split(","))
            .map(String::trim)
            .mapToLong(Long::parseLong)
            .toArray();
    // Its own database, next to the build's test database port (so a build's port overrides move
    // it too): the suite's other server must not settle this test's orders.
    int port = URI.create(System.getenv("DB_URL").substring("jdbc:".length())).getPort() + 2;
    try (LocalDatabase database = LocalDatabase.start(port, null);
        LedgerPaymentService peer = LedgerPaymentService.start(SECRET, 2_500, seeds[0])) {
      Map<String, String> env =
          Map.ofEntries(
              Map.entry("DB_URL", database.jdbcUrl()),
              Map.entry("PAYMENT_SERVICE_URL", peer.baseUri()),
              Map.entry("PAYMENT_WEBHOOK_SECRET", SECRET),
              Map.entry("PAYMENT_TIMEOUT_MS", "1000"),
              Map.entry("RECONCILE_GRACE_SECONDS", "3"),
              Map.entry("RECONCILE_INTERVAL_SECONDS", "1"),
              Map.entry("RECONCILE_BATCH_SIZE", "50"),
              Map.entry("PAYMENT_SETTLE_BACKOFF_BASE_SECONDS", "1"),
              Map.entry("PAYMENT_SETTLE_BACKOFF_MAX_SECONDS", "2"),
              Map.entry("PAYMENT_SETTLE_GIVE_UP_SECONDS", "20"),
              Map.entry("REFUND_HANDOFF_SECONDS", "5"),
              // The restarted server has another instance id: the orders the killed one had
              // claimed for settling are free again once its lease ran out (300 s by default).
              Map.entry("RECONCILE_LEASE_SECONDS", "10"));
      AtomicReference<PayaraProcess> server =
          new AtomicReference<>(PayaraProcess.start("ledger", env));
      try {
        peer.webhookTarget(server.get().baseUri());
        for (int round = 0; round < seeds.length; round++) {
          boolean restartMidway = round == 1;
          List<Long> created = runRound(seeds[round], peer, server, env, restartMidway);
          awaitSettled(database, peer);
          checkLedger(database, peer);
          // Now that most payments have settled, the same orders are shipped and cancelled again:
          // refunds of late payments, cancels racing shipments of paid orders.
          actOnAll(seeds[round], created, server);
          awaitSettled(database, peer);
          checkLedger(database, peer);
        }
      } finally {
        server.get().close();
      }
    }
  }

  /** One seed's worth of concurrent traffic; with {@code restartMidway}, a kill -9 halfway. */
  private List<Long> runRound(
      long seed,
      LedgerPaymentService peer,
      AtomicReference<PayaraProcess> server,
      Map<String, String> env,
      boolean restartMidway)
      throws Exception {
    Random random = new Random(seed);
    long alwaysFailing = random.nextInt(7) + 3;
    // SplittableRandom mixes its seed: java.util.Random's first value barely differs between
    // neighbouring seeds, which gave whole runs of orders the same behaviour.
    peer.chargeBehaviour(
        order -> chargeFor(order, alwaysFailing, new SplittableRandom(seed * 1_000_003L + order)));
    peer.refundBehaviour(order -> refundFor(random));
    AtomicInteger done = new AtomicInteger();
    List<Long> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
    try {
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        long clientSeed = seed * 1_000 + c;
        work.add(
            CompletableFuture.runAsync(
                () -> client(new Random(clientSeed), server, done, created), clients));
      }
      if (restartMidway) {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> done.get() >= CLIENTS * ORDERS_PER_CLIENT / 2);
        server.get().kill();
        server.set(PayaraProcess.start("ledger-2", env));
        peer.webhookTarget(server.get().baseUri());
      }
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
    } finally {
      clients.shutdownNow();
    }
    return created;
  }

  /** Four clients act once more on each of {@code ids}, at random. */
  private static void actOnAll(long seed, List<Long> ids, AtomicReference<PayaraProcess> server)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        long id = ids.get(i);
        Random random = new Random(seed * 7_919 + i);
        work.add(CompletableFuture.runAsync(() -> act(random, server, id), clients));
      }
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
    } finally {
      clients.shutdownNow();
    }
  }

  private static Behaviour chargeFor(long orderId, long alwaysFailing, SplittableRandom random) {
    if (orderId % alwaysFailing == 0) {
      return Behaviour.ERROR; // never a final answer: the service must give up, holding nothing
    }
    Behaviour[] all = Behaviour.values();
    return all[random.nextInt(all.length)];
  }

  private static RefundBehaviour refundFor(Random random) {
    int pick = random.nextInt(10);
    return pick < 6
        ? RefundBehaviour.REFUNDED
        : pick < 8 ? RefundBehaviour.ERROR : RefundBehaviour.TIMEOUT_DONE;
  }

  /** One storefront client: creates orders and, at random, cancels, ships and delivers them. */
  private static void client(
      Random random,
      AtomicReference<PayaraProcess> server,
      AtomicInteger done,
      List<Long> created) {
    for (int i = 0; i < ORDERS_PER_CLIENT; i++) {
      try {
        long amount = 1_000 + random.nextInt(100_000);
        var answer =
            given()
                .baseUri(server.get().baseUri())
                .auth()
                .oauth2(TestTokens.storefront())
                .contentType("application/json")
                .body(
                    """
                    {"customer_email": "ledger-%d@example.com", "customer_name": "Ledger",
                     "items": [{"product_name": "Pen", "quantity": 1, "unit_price": %d}]}"""
                        .formatted(random.nextInt(1_000_000), amount))
                .post("/api/v1/orders/");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
        long id = answer.jsonPath().getLong("id");
        created.add(id);
        act(random, server, id);
      } catch (Exception serverGone) {
        // The server was killed under this request; what it left is settled in the background.
        if (!(rootCause(serverGone) instanceof java.io.IOException)) {
          throw new IllegalStateException(serverGone);
        }
      } finally {
        done.incrementAndGet();
      }
    }
  }

  /** Cancels, ships, delivers, or races a cancel against a shipment, at random. */
  private static void act(Random random, AtomicReference<PayaraProcess> server, long id) {
    int action = random.nextInt(10);
    if (action < 3) {
      cancel(server, id);
    } else if (action < 6) {
      ship(server, id, "shipped");
    } else if (action < 7) {
      ship(server, id, "shipped");
      ship(server, id, "delivered");
    } else if (action < 9) {
      // Cancel and ship at the same moment: at most one may win.
      CompletableFuture<Void> shipping =
          CompletableFuture.runAsync(() -> ship(server, id, "shipped"));
      cancel(server, id);
      shipping.join();
    }
  }

  private static void cancel(AtomicReference<PayaraProcess> server, long id) {
    int status =
        given()
            .baseUri(server.get().baseUri())
            .auth()
            .oauth2(TestTokens.operator())
            .delete("/api/v1/orders/" + id)
            .statusCode();
    assertThat(status).as("DELETE order %d", id).isIn(200, 202, 409, 503);
  }

  private static void ship(AtomicReference<PayaraProcess> server, long id, String status) {
    int answer =
        given()
            .baseUri(server.get().baseUri())
            .auth()
            .oauth2(TestTokens.operator())
            .contentType("application/json")
            .body("{\"status\": \"" + status + "\"}")
            .put("/api/v1/orders/" + id + "/status")
            .statusCode();
    assertThat(answer).as("PUT %s order %d", status, id).isIn(200, 409);
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Waits until nothing is left to settle: no open charge, no refund owed, no webhook on its way.
   */
  private static void awaitSettled(LocalDatabase database, LedgerPaymentService peer) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                !peer.webhooksPending()
                    && count(
                            database,
                            "SELECT count(*) FROM orders WHERE status = 'PAYMENT_PROCESSING'"
                                + " OR cancellation_started_at IS NOT NULL")
                        == 0
                    && count(
                            database,
                            "SELECT count(*) FROM outbox WHERE kind = 'REFUND'"
                                + " AND status = 'pending'")
                        == 0);
  }

  private static void checkLedger(LocalDatabase database, LedgerPaymentService peer)
      throws SQLException {
    assertThat(peer.violations()).isEmpty();
    List<Long> known = new ArrayList<>();
    Map<String, Integer> statuses = new java.util.TreeMap<>();
    try (Connection connection = connect(database);
        var rows =
            connection
                .createStatement()
                .executeQuery("SELECT id, status, total_amount FROM orders ORDER BY id")) {
      while (rows.next()) {
        long id = rows.getLong(1);
        String status = rows.getString(2);
        BigDecimal total = rows.getBigDecimal(3);
        known.add(id);
        statuses.merge(status, 1, Integer::sum);
        BigDecimal net = peer.netTaken(id);
        String order = "order " + id + " (" + status + ")";
        assertThat(peer.refundsMade(id)).as(order + " refunds").isLessThanOrEqualTo(1);
        assertThat(peer.chargesTaken(id)).as(order + " charges").isLessThanOrEqualTo(1);
        switch (status) {
          case "PAID", "SHIPPED", "DELIVERED" -> {
            assertThat(net).as(order + " holds its total").isEqualByComparingTo(total);
            assertThat(peer.refundsMade(id)).as(order + " was refunded").isZero();
          }
          case "CANCELLED", "PENDING" ->
              assertThat(net).as(order + " holds no money").isEqualByComparingTo(BigDecimal.ZERO);
          default -> throw new AssertionError(order + " is not settled");
        }
      }
    }
    System.out.printf(
        "ledger after seed: %d orders %s; %d charges took money, %d refunds%n",
        known.size(),
        statuses,
        peer.ledger().stream().filter(e -> e.kind().equals("charge")).count(),
        peer.ledger().stream().filter(e -> e.kind().equals("refund")).count());
    assertThat(known)
        .as("every order the Payment Service charged exists")
        .containsAll(peer.ledger().stream().map(LedgerPaymentService.Entry::orderId).toList());
  }

  private static long count(LocalDatabase database, String sql) throws SQLException {
    try (Connection connection = connect(database);
        var rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static Connection connect(LocalDatabase database) throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), LocalDatabase.USER, LocalDatabase.PASSWORD);
  }
}
