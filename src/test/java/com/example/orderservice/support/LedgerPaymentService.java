package com.example.orderservice.support;

import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A Payment Service stand-in that keeps a ledger: it speaks peers.md (charges and refunds with
 * idempotency keys, look-ups, signed webhooks) and answers each call as a test's {@link Behaviour}
 * says, including the nasty ones (5xx, a reset, an answer lost after the money moved, a pending
 * charge settled later by webhooks that may come twice or out of order). Afterwards the ledger
 * tells how much money each order really gave and got back.
 */
public final class LedgerPaymentService implements AutoCloseable {

  /** How the stand-in answers one charge. */
  public enum Behaviour {
    /** Takes the money and answers {@code completed}. */
    COMPLETED,
    /**
     * Takes the money, answers {@code completed} and sends the {@code completed} webhook at once.
     */
    COMPLETED_WITH_WEBHOOK,
    /** Answers {@code failed}; takes nothing. */
    FAILED,
    /** Answers 402; takes nothing. */
    DECLINED,
    /** Answers 500; takes nothing (and remembers nothing of the key). */
    ERROR,
    /** Closes the connection without an answer; takes nothing. */
    RESET,
    /** Takes the money, then answers too late for the caller's timeout. */
    TIMEOUT_TAKEN,
    /** Answers {@code pending}; later settles completed or failed and sends webhooks for it. */
    PENDING_THEN_WEBHOOK
  }

  /** How the stand-in answers one refund. */
  public enum RefundBehaviour {
    /** Refunds and answers {@code refunded}. */
    REFUNDED,
    /** Answers 500; refunds nothing. */
    ERROR,
    /** Refunds, then answers too late for the caller's timeout. */
    TIMEOUT_DONE
  }

  /** One charge or refund of the ledger. */
  public record Entry(long orderId, String kind, BigDecimal amount, String key) {}

  private static final Jsonb JSON = JsonbBuilder.create();

  private final HttpServer server;
  private final String secret;
  private final long slowMillis;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService later = Executors.newScheduledThreadPool(16);
  private final Random random;
  private final Map<String, Answer> answersByKey = new ConcurrentHashMap<>();
  private final Map<Long, Payment> paymentsByOrder = new ConcurrentHashMap<>();
  private final List<Entry> ledger = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong nextPaymentId = new AtomicLong(1000);
  private final AtomicInteger webhooksInFlight = new AtomicInteger();
  private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Function<Long, Behaviour> chargeBehaviour = order -> Behaviour.COMPLETED;
  private volatile Function<Long, RefundBehaviour> refundBehaviour =
      order -> RefundBehaviour.REFUNDED;
  private volatile URI webhookTarget;

  private record Answer(int status, String body) {}

  /** The stand-in's record of an order's payment. */
  private static final class Payment {
    final long id;
    final long orderId;
    final BigDecimal amount;
    final String currency;
    volatile String status;

    Payment(long id, long orderId, BigDecimal amount, String currency, String status) {
      this.id = id;
      this.orderId = orderId;
      this.amount = amount;
      this.currency = currency;
      this.status = status;
    }

    String json() {
      return "{\"id\": %d, \"order_id\": %d, \"amount\": %s, \"currency\": \"%s\", \"status\": \"%s\", \"created_at\": \"%s\"}"
          .formatted(id, orderId, amount.toPlainString(), currency, status, Instant.now());
    }
  }

  private LedgerPaymentService(HttpServer server, String secret, long slowMillis, long seed) {
    this.server = server;
    this.secret = secret;
    this.slowMillis = slowMillis;
    this.random = new Random(seed);
  }

  /**
   * Starts the stand-in on a free loopback port. Answers meant to be lost come after {@code
   * slowMillis}; webhooks are signed with {@code secret}; {@code seed} fixes its own random choices
   * (delays, duplicates, order of webhooks).
   */
  public static LedgerPaymentService start(String secret, long slowMillis, long seed) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
      LedgerPaymentService service = new LedgerPaymentService(server, secret, slowMillis, seed);
      server.createContext("/api/v1/payments", service::handle);
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void chargeBehaviour(Function<Long, Behaviour> behaviour) {
    this.chargeBehaviour = behaviour;
  }

  public void refundBehaviour(Function<Long, RefundBehaviour> behaviour) {
    this.refundBehaviour = behaviour;
  }

  /** Where webhooks go: the Order Service's base URI. */
  public void webhookTarget(String baseUri) {
    this.webhookTarget = URI.create(baseUri);
  }

  /** Money taken for the order, net of refunds. */
  public BigDecimal netTaken(long orderId) {
    return sum(orderId, "charge").subtract(sum(orderId, "refund"));
  }

  /** How many charges took money for the order. */
  public long chargesTaken(long orderId) {
    return ledger.stream().filter(e -> e.orderId() == orderId && e.kind().equals("charge")).count();
  }

  /** How many refunds gave money back for the order. */
  public long refundsMade(long orderId) {
    return ledger.stream().filter(e -> e.orderId() == orderId && e.kind().equals("refund")).count();
  }

  /** True while a webhook is scheduled or being sent. */
  public boolean webhooksPending() {
    return webhooksInFlight.get() > 0;
  }

  public List<Entry> ledger() {
    return List.copyOf(ledger);
  }

  /** What the Order Service did that peers.md forbids (a second charge key for one order). */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  private BigDecimal sum(long orderId, String kind) {
    return ledger.stream()
        .filter(e -> e.orderId() == orderId && e.kind().equals(kind))
        .map(Entry::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private void handle(HttpExchange exchange) throws IOException {
    {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.startsWith("/api/v1/payments/order/")) {
        long orderId = Long.parseLong(path.substring("/api/v1/payments/order/".length()));
        Payment payment = paymentsByOrder.get(orderId);
        if (payment == null) {
          answer(exchange, 404, "{\"detail\": \"no payment for this order\"}");
        } else {
          answer(exchange, 200, payment.json());
        }
      } else if (method.equals("POST") && path.equals("/api/v1/payments")) {
        charge(exchange);
      } else if (method.equals("POST") && path.equals("/api/v1/payments/refund")) {
        refund(exchange);
      } else {
        answer(exchange, 404, "{\"detail\": \"no such endpoint\"}");
      }
    }
  }

  /** The body of a charge request. */
  public record ChargeBody(Long order_id, BigDecimal amount, String currency) {}

  /** The body of a refund request. */
  public record RefundBody(Long payment_id, BigDecimal amount, String reason) {}

  private void charge(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    ChargeBody body = JSON.fromJson(exchange.getRequestBody(), ChargeBody.class);
    Answer earlier;
    Behaviour behaviour;
    synchronized (this) {
      earlier = answersByKey.get(key);
      behaviour = earlier == null ? chargeBehaviour.apply(body.order_id()) : null;
      if (earlier == null) {
        earlier = decide(key, body, behaviour);
      }
    }
    if (behaviour == Behaviour.RESET) {
      exchange.close(); // closed without a word: the caller sees the connection end
      return;
    }
    answer(
        exchange,
        earlier.status(),
        earlier.body(),
        behaviour == Behaviour.TIMEOUT_TAKEN ? slowMillis : 0);
  }

  /** What the first charge with a key does to the ledger and answers; kept for repeats of it. */
  private Answer decide(String key, ChargeBody body, Behaviour behaviour) {
    long orderId = body.order_id();
    Answer answer =
        switch (behaviour) {
          case COMPLETED, TIMEOUT_TAKEN, COMPLETED_WITH_WEBHOOK -> {
            Payment payment = newPayment(body, "completed");
            ledger.add(new Entry(orderId, "charge", body.amount(), key));
            if (behaviour == Behaviour.COMPLETED_WITH_WEBHOOK) {
              webhook(payment, "completed", 0);
            }
            yield new Answer(201, payment.json());
          }
          case FAILED -> new Answer(201, newPayment(body, "failed").json());
          case DECLINED -> new Answer(402, "{\"detail\": \"card declined\"}");
          case ERROR -> new Answer(500, "{\"detail\": \"internal error\"}");
          case RESET -> null;
          case PENDING_THEN_WEBHOOK -> {
            Payment payment = newPayment(body, "pending");
            settleLater(payment, key);
            yield new Answer(201, payment.json());
          }
        };
    // Transient failures take nothing and leave the key free for the retry.
    if (answer != null && answer.status() < 500) {
      answersByKey.put(key, answer);
    }
    return answer == null ? new Answer(0, "") : answer;
  }

  private Payment newPayment(ChargeBody body, String status) {
    Payment payment =
        new Payment(
            nextPaymentId.incrementAndGet(),
            body.order_id(),
            body.amount(),
            body.currency(),
            status);
    Payment earlier = paymentsByOrder.putIfAbsent(body.order_id(), payment);
    if (earlier != null) {
      violations.add("order " + body.order_id() + " was charged with a second idempotency key");
    }
    return payment;
  }

  private void settleLater(Payment payment, String key) {
    boolean completes = random.nextBoolean();
    webhooksInFlight.incrementAndGet();
    later.schedule(
        () -> {
          try {
            synchronized (this) {
              if (completes) {
                payment.status = "completed";
                ledger.add(new Entry(payment.orderId, "charge", payment.amount, key));
              } else {
                payment.status = "failed";
              }
            }
            String status = completes ? "completed" : "failed";
            webhook(payment, status, 0);
            if (random.nextInt(3) == 0) {
              webhook(payment, status, 200 + random.nextInt(800)); // delivered twice
            }
          } finally {
            webhooksInFlight.decrementAndGet();
          }
        },
        100 + random.nextInt(1500),
        TimeUnit.MILLISECONDS);
  }

  private void refund(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    RefundBody body = JSON.fromJson(exchange.getRequestBody(), RefundBody.class);
    Payment payment =
        paymentsByOrder.values().stream()
            .filter(p -> p.id == body.payment_id())
            .findFirst()
            .orElse(null);
    if (payment == null) {
      answer(exchange, 404, "{\"detail\": \"unknown payment\"}");
      return;
    }
    Answer answer;
    RefundBehaviour behaviour;
    synchronized (this) {
      answer = answersByKey.get(key);
      behaviour = answer == null ? refundBehaviour.apply(payment.orderId) : null;
      if (answer == null) {
        if (behaviour == RefundBehaviour.ERROR) {
          answer = new Answer(500, "{\"detail\": \"internal error\"}");
        } else if ("refunded".equals(payment.status)) {
          answer = new Answer(409, "{\"detail\": \"already refunded\"}");
        } else if (!"completed".equals(payment.status)) {
          answer = new Answer(400, "{\"detail\": \"not refundable: " + payment.status + "\"}");
        } else {
          payment.status = "refunded";
          ledger.add(new Entry(payment.orderId, "refund", body.amount(), key));
          answer = new Answer(200, payment.json());
          // The Payment Service reports the refund by webhook too, sometimes late, sometimes twice.
          webhook(payment, "refunded", random.nextInt(500));
          answersByKey.put(key, answer);
        }
      }
    }
    answer(
        exchange,
        answer.status(),
        answer.body(),
        behaviour == RefundBehaviour.TIMEOUT_DONE ? slowMillis : 0);
  }

  /** Sends a signed webhook after {@code delayMillis}, retrying a few times if not accepted. */
  private void webhook(Payment payment, String status, long delayMillis) {
    URI target = webhookTarget;
    if (target == null) {
      return;
    }
    String body =
        "{\"event_id\": \"evt_%s\", \"payment_id\": %d, \"order_id\": %d, \"status\": \"%s\"}"
            .formatted(UUID.randomUUID(), payment.id, payment.orderId, status);
    deliver(target, payment.orderId, body, delayMillis, 5);
  }

  /** One attempt after {@code delayMillis}; a refused one is tried again 300 ms later. */
  private void deliver(URI target, long orderId, String body, long delayMillis, int attemptsLeft) {
    webhooksInFlight.incrementAndGet();
    later.schedule(
        () -> {
          try {
            if (send(target, orderId, body) / 100 != 2 && attemptsLeft > 1) {
              deliver(target, orderId, body, 300, attemptsLeft - 1);
            }
          } finally {
            webhooksInFlight.decrementAndGet();
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  private int send(URI target, long orderId, String body) {
    String signature = WebhookSignatures.now(secret, body);
    HttpRequest request =
        HttpRequest.newBuilder(target.resolve("/api/v1/orders/" + orderId + "/webhook"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(WebhookSignatureVerifier.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /**
   * Answers after {@code delayMillis}: a lost answer is one that comes after the caller's timeout.
   */
  private void answer(HttpExchange exchange, int status, String body, long delayMillis)
      throws IOException {
    if (delayMillis <= 0) {
      answer(exchange, status, body);
      return;
    }
    later.schedule(
        () -> {
          try {
            answer(exchange, status, body);
          } catch (IOException gone) {
            // the caller gave up long ago: that is the point
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
    later.shutdownNow();
  }
}
