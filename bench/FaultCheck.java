import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verdict of bench/fault-kill9.sh. JDK only (run as a single-file program), so the bench
 * needs no python3 or jq on CI.
 *
 * <pre>
 *   java bench/FaultCheck.java APP_BASE PAYMENT_BASE NOTIFICATION_BASE OUT_DIR DEADLINE_EPOCH_S
 * </pre>
 *
 * OUT_DIR/clients holds what the script fired: i.req (the request body), i.code (curl's HTTP
 * code, 000 when the server died) and i.body (the answer, if any). The orders of this run are the
 * ones whose customer_email is one of the fired requests' (the script starts on an empty
 * database, so any other order is only noted).
 *
 * First waits (until DEADLINE_EPOCH_S) for the service to settle: every order of this run paid
 * and no pending outbox row for them, twice in a row 3 s apart. Then reads the orders, the outbox
 * and both WireMock request journals and checks: every order paid; one charge idempotency key per
 * order (order-ID-payment-1; repeats of it are retries the peer deduplicates); exactly one
 * ORDER_CONFIRMATION mail per order accepted by the peer with key order-ID-ORDER_CONFIRMATION; no
 * other mail; and at least one mail refused (5xx) before being accepted, since the script keeps
 * the Notification Service failing for a while after the restart (otherwise the mail fault was
 * not exercised). Prints PASS or FAIL with reasons; exit 0 only on PASS.
 */
public final class FaultCheck {

  /** The operator token the bench scripts pass (security.md: every API call carries one). */
  private static final String AUTHORIZATION =
      "Bearer " + System.getenv().getOrDefault("BENCH_TOKEN", "");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY) // loopback only, whatever the environment says
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static final Pattern CHARGE_KEY = Pattern.compile("^order-(\\d+)-payment-1$");
  private static final Pattern CONFIRMATION_KEY =
      Pattern.compile("^order-(\\d+)-ORDER_CONFIRMATION$");
  private static final Pattern ANY_ORDER_KEY = Pattern.compile("^order-(\\d+)-.*$");

  private final String app;
  private final String payment;
  private final String notification;
  private final Path out;
  private final long started = System.currentTimeMillis();
  private final List<String> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private FaultCheck(String app, String payment, String notification, Path out) {
    this.app = strip(app);
    this.payment = strip(payment);
    this.notification = strip(notification);
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: java FaultCheck.java APP_BASE PAYMENT_BASE NOTIFICATION_BASE OUT_DIR"
              + " DEADLINE_EPOCH_S");
      System.exit(2);
    }
    FaultCheck check = new FaultCheck(args[0], args[1], args[2], Path.of(args[3]));
    boolean pass = check.run(Long.parseLong(args[4]) * 1000);
    System.exit(pass ? 0 : 1);
  }

  // ---------------------------------------------------------------------------------------------
  // What the script fired

  /** One fired POST: the e-mail identifies its order, the unit price is unique to it. */
  record Fired(int index, String email, BigDecimal amount, String code, Long answeredId) {}

  private Map<String, Fired> readFired() throws IOException {
    Map<String, Fired> fired = new LinkedHashMap<>();
    Path dir = out.resolve("clients");
    List<Path> requests;
    try (var files = Files.list(dir)) {
      requests = files.filter(p -> p.toString().endsWith(".req")).sorted().toList();
    }
    for (Path req : requests) {
      String name = req.getFileName().toString();
      int index = Integer.parseInt(name.substring(0, name.length() - 4));
      Map<String, Object> body = Json.map(Json.parse(Files.readString(req)));
      String email = Json.str(body.get("customer_email"));
      BigDecimal amount = BigDecimal.ZERO;
      for (Object item : Json.list(body.get("items"))) {
        Map<String, Object> it = Json.map(item);
        amount = amount.add(Json.num(it.get("unit_price")).multiply(Json.num(it.get("quantity"))));
      }
      String code = readIfExists(dir.resolve(index + ".code")).trim();
      Long answeredId = null;
      String answer = readIfExists(dir.resolve(index + ".body"));
      if (code.equals("201")) {
        try {
          answeredId = Json.num(Json.map(Json.parse(answer)).get("id")).longValueExact();
        } catch (RuntimeException e) {
          failures.add("client " + index + " got 201 with an unreadable body: " + answer);
        }
      }
      fired.put(email, new Fired(index, email, amount, code.isEmpty() ? "?" : code, answeredId));
    }
    return fired;
  }

  // ---------------------------------------------------------------------------------------------
  // The service

  /** Every order the database has (paged by 100, the API's maximum). */
  private List<Map<String, Object>> allOrders() throws IOException, InterruptedException {
    List<Map<String, Object>> all = new ArrayList<>();
    for (int skip = 0; ; skip += 100) {
      HttpResponse<String> r = get(app + "/api/v1/orders/?skip=" + skip + "&limit=100");
      if (r.statusCode() != 200) {
        throw new IOException("GET /api/v1/orders/ answered " + r.statusCode() + ": " + r.body());
      }
      List<Object> page = Json.list(Json.parse(r.body()));
      page.forEach(o -> all.add(Json.map(o)));
      if (page.size() < 100) {
        return all;
      }
    }
  }

  /** The outbox rows of one status; null when the service has no outbox admin API (old WAR). */
  private List<Map<String, Object>> outbox(String status)
      throws IOException, InterruptedException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int skip = 0; ; skip += 1000) {
      HttpResponse<String> r =
          get(app + "/api/v1/admin/outbox?status=" + status + "&skip=" + skip + "&limit=1000");
      if (r.statusCode() == 404) {
        return null;
      }
      if (r.statusCode() != 200) {
        throw new IOException("GET /api/v1/admin/outbox answered " + r.statusCode() + ": " + r.body());
      }
      List<Object> page = Json.list(Json.parse(r.body()));
      page.forEach(o -> rows.add(Json.map(o)));
      if (page.size() < 1000) {
        return rows;
      }
    }
  }

  private static List<Map<String, Object>> ours(
      List<Map<String, Object>> orders, Map<String, Fired> fired) {
    return orders.stream().filter(o -> fired.containsKey(Json.str(o.get("customer_email")))).toList();
  }

  private static Set<Long> ids(List<Map<String, Object>> orders) {
    Set<Long> ids = new TreeSet<>();
    orders.forEach(o -> ids.add(Json.num(o.get("id")).longValueExact()));
    return ids;
  }

  private static long orderIdOf(Map<String, Object> outboxRow) {
    return Json.num(field(outboxRow, "order_id", "orderId")).longValueExact();
  }

  /**
   * Waits until the orders of this run are all paid and none of them has a pending outbox row,
   * seen twice 3 s apart (a row is queued in the same transaction as the status change, but the
   * second look also covers a relay that queues it a moment later).
   */
  private boolean settle(Map<String, Fired> fired, long deadlineMs) throws InterruptedException {
    String last = "";
    long settledSince = -1;
    while (true) {
      String state;
      boolean settled = false;
      try {
        List<Map<String, Object>> mine = ours(allOrders(), fired);
        Set<Long> ids = ids(mine);
        List<Map<String, Object>> pending = outbox("pending");
        long pendingMine =
            pending == null ? -1 : pending.stream().filter(r -> ids.contains(orderIdOf(r))).count();
        Map<String, Integer> byStatus = new TreeMap<>();
        mine.forEach(o -> byStatus.merge(Json.str(o.get("status")), 1, Integer::sum));
        state =
            "orders of this run: "
                + mine.size()
                + " "
                + byStatus
                + "; their pending outbox rows: "
                + (pending == null ? "n/a (no /api/v1/admin/outbox)" : pendingMine);
        settled =
            pending != null
                && pendingMine == 0
                && mine.stream().allMatch(o -> "paid".equals(Json.str(o.get("status"))));
      } catch (IOException e) {
        state = "service not answering: " + e;
      }
      if (!state.equals(last)) {
        log(state);
        last = state;
      }
      long now = System.currentTimeMillis();
      if (settled) {
        if (settledSince < 0) {
          settledSince = now;
        } else if (now - settledSince >= 3000) {
          log("settled");
          return true;
        }
      } else {
        settledSince = -1;
      }
      if (now >= deadlineMs) {
        log("NOT settled by the deadline; checking what there is");
        return false;
      }
      Thread.sleep(1000);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WireMock's journal

  /**
   * One request WireMock received, with what it answered (0 if it has not answered yet) and when it
   * arrived (epoch ms).
   */
  record Served(
      String method, String path, String key, Map<String, Object> body, int status, long loggedAt) {}

  private List<Served> journal(String base, String file) throws IOException, InterruptedException {
    HttpResponse<String> r = get(base + "/__admin/requests?limit=1000000");
    if (r.statusCode() != 200) {
      throw new IOException(base + "/__admin/requests answered " + r.statusCode());
    }
    Files.writeString(out.resolve(file), r.body());
    Map<String, Object> root = Json.map(Json.parse(r.body()));
    if (Boolean.TRUE.equals(root.get("requestJournalDisabled"))) {
      throw new IOException(base + ": the request journal is disabled");
    }
    List<Served> served = new ArrayList<>();
    for (Object o : Json.list(root.get("requests"))) {
      Map<String, Object> event = Json.map(o);
      Map<String, Object> request = Json.map(event.get("request"));
      String url = Json.str(request.get("url"));
      String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      String key = header(Json.map(request.get("headers")), "Idempotency-Key");
      Map<String, Object> body = null;
      Object rawBody = request.get("body");
      if (rawBody instanceof String s && !s.isBlank()) {
        try {
          body = Json.map(Json.parse(s));
        } catch (RuntimeException notJson) {
          body = Map.of("_unparsed", s);
        }
      }
      int status = 0;
      if (event.get("response") instanceof Map<?, ?> response && response.get("status") != null) {
        status = Json.num(response.get("status")).intValue();
      } else if (event.get("responseDefinition") instanceof Map<?, ?> def
          && def.get("status") != null) {
        status = Json.num(def.get("status")).intValue();
      }
      Long loggedAt = longOrNull(request.get("loggedDate"));
      served.add(
          new Served(
              Json.str(request.get("method")), path, key, body, status,
              loggedAt == null ? 0 : loggedAt));
    }
    // WireMock lists the newest first: oldest first, by arrival, for "refused before accepted".
    java.util.Collections.reverse(served);
    served.sort(java.util.Comparator.comparingLong(Served::loggedAt));
    return served;
  }

  /** WireMock writes a header once as a string, repeated as an array; names keep their case. */
  private static String header(Map<String, Object> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, Object> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        Object v = h.getValue();
        if (v instanceof List<?> values) {
          return values.size() == 1 ? String.valueOf(values.get(0)) : String.valueOf(values);
        }
        return Json.str(v);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // The verdict

  private boolean run(long deadlineMs) throws Exception {
    Map<String, Fired> fired = readFired();
    boolean settled = settle(fired, deadlineMs);

    List<Map<String, Object>> all = allOrders();
    Files.writeString(out.resolve("orders.json"), Json.write(all));
    List<Map<String, Object>> mine = ours(all, fired);
    Set<Long> allIds = ids(all);
    Map<Long, Map<String, Object>> byId = new TreeMap<>();
    mine.forEach(o -> byId.put(Json.num(o.get("id")).longValueExact(), o));

    Map<String, List<Map<String, Object>>> outboxByStatus = new LinkedHashMap<>();
    boolean outboxApi = true;
    for (String status : List.of("pending", "sent", "dead")) {
      List<Map<String, Object>> rows = outbox(status);
      if (rows == null) {
        outboxApi = false;
        break;
      }
      outboxByStatus.put(
          status, rows.stream().filter(r -> byId.containsKey(orderIdOf(r))).toList());
    }
    Files.writeString(out.resolve("outbox.json"), Json.write(outboxByStatus));

    List<Served> paymentJournal = journal(payment, "payment-journal.json");
    List<Served> notificationJournal = journal(notification, "notification-journal.json");

    if (!settled) {
      failures.add("the service did not settle before the deadline (see the progress above)");
    }

    // Clients: a 201 is a promise that the order exists.
    Map<String, Integer> codes = new TreeMap<>();
    for (Fired f : fired.values()) {
      codes.merge(f.code(), 1, Integer::sum);
      if (f.answeredId() != null && !byId.containsKey(f.answeredId())) {
        failures.add(
            "client " + f.index() + " got 201 for order " + f.answeredId() + " but it is not in the database");
      }
    }

    // Orders: paid, and the total the client asked for.
    Map<String, Integer> orderStatuses = new TreeMap<>();
    Map<String, Long> emailSeen = new LinkedHashMap<>();
    for (Map.Entry<Long, Map<String, Object>> e : byId.entrySet()) {
      long id = e.getKey();
      Map<String, Object> o = e.getValue();
      String status = Json.str(o.get("status"));
      orderStatuses.merge(status, 1, Integer::sum);
      if (!"paid".equals(status)) {
        failures.add("order " + id + " is " + status + ", not paid");
      }
      String email = Json.str(o.get("customer_email"));
      Long other = emailSeen.put(email, id);
      if (other != null) {
        failures.add("orders " + other + " and " + id + " come from the same POST (" + email + ")");
      }
      BigDecimal total = Json.num(o.get("total_amount"));
      if (total.compareTo(fired.get(email).amount()) != 0) {
        failures.add(
            "order " + id + " totals " + total + ", the client asked for " + fired.get(email).amount());
      }
    }

    // Charges: one key per order; the amount is the order's.
    Map<Long, Set<String>> chargeKeys = new TreeMap<>();
    Map<Long, Integer> chargeCount = new TreeMap<>();
    Map<Long, Integer> lookups = new TreeMap<>();
    int charges = 0;
    int chargesOfOthers = 0;
    int refunds = 0;
    for (Served s : paymentJournal) {
      if (s.method().equals("GET") && s.path().startsWith("/api/v1/payments/order/")) {
        try {
          long id = Long.parseLong(s.path().substring("/api/v1/payments/order/".length()));
          if (byId.containsKey(id)) {
            lookups.merge(id, 1, Integer::sum);
          }
        } catch (NumberFormatException ignored) {
          // not one of ours
        }
      } else if (s.method().equals("POST") && s.path().equals("/api/v1/payments")) {
        charges++;
        Long bodyId = longOrNull(s.body() == null ? null : s.body().get("order_id"));
        Matcher k = s.key() == null ? null : CHARGE_KEY.matcher(s.key());
        Long keyId = k != null && k.matches() ? Long.parseLong(k.group(1)) : null;
        Long id = bodyId != null ? bodyId : keyId;
        if (id == null || !byId.containsKey(id)) {
          if (id == null || !allIds.contains(id)) {
            failures.add("a charge for an order the database does not have: key " + s.key() + ", body " + s.body());
          } else {
            chargesOfOthers++;
          }
          continue;
        }
        chargeCount.merge(id, 1, Integer::sum);
        chargeKeys.computeIfAbsent(id, x -> new LinkedHashSet<>()).add(String.valueOf(s.key()));
        if (keyId == null || !keyId.equals(id)) {
          failures.add("order " + id + " charged with key " + s.key() + " (expected order-" + id + "-payment-1)");
        }
        BigDecimal amount = s.body() == null ? null : numOrNull(s.body().get("amount"));
        BigDecimal total = Json.num(byId.get(id).get("total_amount"));
        if (amount == null || amount.compareTo(total) != 0) {
          failures.add("order " + id + " charged " + amount + ", its total is " + total);
        }
      } else if (s.method().equals("POST") && s.path().equals("/api/v1/payments/refund")) {
        refunds++;
        Matcher k = s.key() == null ? null : ANY_ORDER_KEY.matcher(s.key());
        if (k != null && k.matches() && byId.containsKey(Long.parseLong(k.group(1)))) {
          failures.add("order " + k.group(1) + " was refunded (key " + s.key() + ") although it must end paid");
        }
      }
    }
    for (Map.Entry<Long, Set<String>> e : chargeKeys.entrySet()) {
      if (e.getValue().size() > 1) {
        failures.add("DOUBLE CHARGE: order " + e.getKey() + " charged under keys " + e.getValue());
      }
    }

    // Mails: exactly one accepted ORDER_CONFIRMATION per order, nothing else for our orders.
    Map<Long, Integer> accepted = new TreeMap<>();
    Map<Long, Integer> rejected = new TreeMap<>();
    Map<Long, Integer> refusedBeforeAccepted = new TreeMap<>(); // 5xx before the first 2xx
    int refused5xx = 0; // all 5xx answers to this run's confirmation mails
    int mails = 0;
    int mailsAccepted = 0;
    int mailsOfOthers = 0;
    for (Served s : notificationJournal) {
      if (!(s.method().equals("POST") && s.path().equals("/api/v1/notifications/email"))) {
        continue;
      }
      mails++;
      boolean ok = s.status() >= 200 && s.status() < 300;
      if (ok) {
        mailsAccepted++;
      }
      Map<String, Object> data =
          s.body() != null && s.body().get("data") instanceof Map<?, ?> d ? Json.map(d) : Map.of();
      Long dataId = longOrNull(data.get("order_id"));
      Matcher any = s.key() == null ? null : ANY_ORDER_KEY.matcher(s.key());
      Long keyId = any != null && any.matches() ? Long.parseLong(any.group(1)) : null;
      boolean mineByKey = keyId != null && byId.containsKey(keyId);
      boolean mineByData = dataId != null && byId.containsKey(dataId);
      if (!mineByKey && !mineByData) {
        if (keyId == null || !allIds.contains(keyId)) {
          failures.add("a mail with an unexpected key " + s.key() + " (answered " + s.status() + ")");
        } else {
          mailsOfOthers++;
        }
        continue;
      }
      long id = mineByKey ? keyId : dataId;
      Matcher confirmation = CONFIRMATION_KEY.matcher(String.valueOf(s.key()));
      if (!confirmation.matches() || Long.parseLong(confirmation.group(1)) != id) {
        failures.add("order " + id + ": a mail with key " + s.key() + " (only order-" + id + "-ORDER_CONFIRMATION is expected)");
        continue;
      }
      String template = s.body() == null ? null : Json.str(s.body().get("template"));
      String to = s.body() == null ? null : Json.str(s.body().get("to"));
      String email = Json.str(byId.get(id).get("customer_email"));
      if (!"ORDER_CONFIRMATION".equals(template) || !email.equals(to) || dataId == null || dataId != id) {
        failures.add(
            "order " + id + ": mail " + s.key() + " has template " + template + ", to " + to
                + ", data.order_id " + dataId + " (expected ORDER_CONFIRMATION to " + email + ")");
      }
      (ok ? accepted : rejected).merge(id, 1, Integer::sum);
      if (s.status() >= 500) {
        refused5xx++;
        if (!accepted.containsKey(id)) {
          refusedBeforeAccepted.merge(id, 1, Integer::sum);
        }
      }
    }
    int refusedThenAccepted = 0;
    int ordersRefusedThenAccepted = 0;
    for (Map.Entry<Long, Integer> e : refusedBeforeAccepted.entrySet()) {
      if (accepted.containsKey(e.getKey())) {
        refusedThenAccepted += e.getValue();
        ordersRefusedThenAccepted++;
      }
    }
    if (refused5xx == 0) {
      failures.add(
          "MAIL FAULT NOT EXERCISED: no confirmation mail of this run was refused (5xx), so the"
              + " outbox never had to retry one");
    }
    for (long id : byId.keySet()) {
      int n = accepted.getOrDefault(id, 0);
      if (n == 0) {
        failures.add("LOST MAIL: order " + id + " has no accepted ORDER_CONFIRMATION (" + rejected.getOrDefault(id, 0) + " refused)");
      } else if (n > 1) {
        failures.add("DOUBLED MAIL: order " + id + " has " + n + " accepted ORDER_CONFIRMATION requests");
      }
    }

    // Outbox: nothing left pending or dead for our orders.
    if (!outboxApi) {
      failures.add("GET /api/v1/admin/outbox answers 404: this WAR has no outbox admin API");
    } else {
      for (String status : List.of("pending", "dead")) {
        for (Map<String, Object> row : outboxByStatus.get(status)) {
          failures.add(
              "outbox row " + row.get("id") + " (" + row.get("kind") + ", order " + orderIdOf(row) + ", "
                  + field(row, "idempotency_key", "idempotencyKey") + ") is " + status
                  + " after " + row.get("attempts") + " attempts: " + field(row, "last_error", "lastError"));
        }
      }
    }

    int withoutCharge = 0;
    for (long id : byId.keySet()) {
      if (!chargeCount.containsKey(id)) {
        withoutCharge++;
      }
    }
    if (withoutCharge > 0) {
      notes.add(
          withoutCharge + " order(s) never reached the Payment Service before the kill; the stand-in"
              + " answers every look-up 'completed', so they end paid without a charge (a real peer"
              + " would say 404 and the reconciler would charge them with the same key)");
    }
    if (all.size() > mine.size()) {
      notes.add("the database also holds " + (all.size() - mine.size()) + " orders this run did not fire (ignored)");
    }
    if (chargesOfOthers + mailsOfOthers > 0) {
      notes.add(chargesOfOthers + " charge(s) and " + mailsOfOthers + " mail(s) concern orders this run did not fire (ignored)");
    }

    writeDetail(byId, chargeCount, chargeKeys, lookups, accepted, rejected, outboxByStatus);

    int retries = 0;
    for (int n : chargeCount.values()) {
      retries += n - 1;
    }
    System.out.println("==== fault-kill9 check ====");
    System.out.println("orders fired:           " + fired.size() + " (client answers: " + codes + ", 000 = no answer, server killed)");
    System.out.println("orders in the database: " + byId.size() + " " + orderStatuses);
    System.out.println(
        "charges seen:           " + charges + " requests; for this run's orders "
            + chargeCount.values().stream().mapToInt(Integer::intValue).sum() + " on "
            + chargeCount.size() + " orders (" + retries + " same-key repeats), payment look-ups "
            + lookups.values().stream().mapToInt(Integer::intValue).sum() + ", refunds " + refunds);
    System.out.println(
        "mails seen:             " + mails + " requests, " + mailsAccepted + " accepted (2xx); for this run's orders "
            + accepted.values().stream().mapToInt(Integer::intValue).sum() + " accepted, "
            + rejected.values().stream().mapToInt(Integer::intValue).sum() + " refused");
    System.out.println(
        "mail fault:             " + refusedThenAccepted + " e-mail requests refused (5xx) before being accepted, on "
            + ordersRefusedThenAccepted + " of " + byId.size() + " orders ("
            + refused5xx + " refused in all)");
    if (outboxApi) {
      StringBuilder sb = new StringBuilder();
      outboxByStatus.forEach((k, v) -> sb.append(k).append('=').append(v.size()).append(' '));
      System.out.println("outbox (this run):      " + sb.toString().trim());
    }
    notes.forEach(n -> System.out.println("note: " + n));
    if (failures.isEmpty()) {
      System.out.println("RESULT: PASS");
      return true;
    }
    System.out.println("RESULT: FAIL");
    failures.stream().distinct().forEach(f -> System.out.println("  - " + f));
    return false;
  }

  private void writeDetail(
      Map<Long, Map<String, Object>> byId,
      Map<Long, Integer> chargeCount,
      Map<Long, Set<String>> chargeKeys,
      Map<Long, Integer> lookups,
      Map<Long, Integer> accepted,
      Map<Long, Integer> rejected,
      Map<String, List<Map<String, Object>>> outboxByStatus)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-8s %-10s %-12s %-8s %-9s %-24s %-8s %-10s %s%n",
        "order", "status", "total", "charges", "lookups", "charge keys", "mail ok", "mail fail", "outbox"));
    for (Map.Entry<Long, Map<String, Object>> e : byId.entrySet()) {
      long id = e.getKey();
      StringBuilder ob = new StringBuilder();
      outboxByStatus.forEach(
          (status, rows) ->
              rows.stream()
                  .filter(r -> orderIdOf(r) == id)
                  .forEach(r -> ob.append(r.get("kind")).append(':').append(status)
                      .append('/').append(r.get("attempts")).append(' ')));
      sb.append(String.format("%-8d %-10s %-12s %-8d %-9d %-24s %-8d %-10d %s%n",
          id, Json.str(e.getValue().get("status")), Json.num(e.getValue().get("total_amount")).toPlainString(),
          chargeCount.getOrDefault(id, 0), lookups.getOrDefault(id, 0),
          chargeKeys.getOrDefault(id, Set.of()), accepted.getOrDefault(id, 0),
          rejected.getOrDefault(id, 0), ob.toString().trim()));
    }
    Files.writeString(out.resolve("check-detail.txt"), sb.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", AUTHORIZATION) // WireMock ignores it
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static Object field(Map<String, Object> m, String snake, String camel) {
    return m.containsKey(snake) ? m.get(snake) : m.get(camel);
  }

  private static Long longOrNull(Object o) {
    try {
      return o == null ? null : Json.num(o).longValueExact();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static BigDecimal numOrNull(Object o) {
    try {
      return o == null ? null : Json.num(o);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String readIfExists(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private static String strip(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private void log(String message) {
    System.out.printf(
        Locale.ROOT, "[check +%3ds] %s%n", (System.currentTimeMillis() - started) / 1000, message);
    System.out.flush();
  }

  /** A small, strict JSON reader (objects, arrays, strings, numbers as BigDecimal, literals). */
  static final class Json {
    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    static Object parse(String text) {
      Json j = new Json(text);
      Object v = j.value();
      j.ws();
      if (j.i != text.length()) {
        throw j.error("trailing characters");
      }
      return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
      if (o instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      throw new IllegalArgumentException("not a JSON object: " + o);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
      if (o instanceof List<?> l) {
        return (List<Object>) l;
      }
      throw new IllegalArgumentException("not a JSON array: " + o);
    }

    static String str(Object o) {
      return o == null ? null : o instanceof String s ? s : String.valueOf(o);
    }

    static BigDecimal num(Object o) {
      if (o instanceof BigDecimal b) {
        return b;
      }
      if (o instanceof String s) {
        return new BigDecimal(s.trim());
      }
      throw new IllegalArgumentException("not a JSON number: " + o);
    }

    /** Writes a value back (for the files kept next to the logs). */
    static String write(Object o) {
      if (o == null) {
        return "null";
      }
      if (o instanceof String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
          switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
              if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
              } else {
                sb.append(c);
              }
            }
          }
        }
        return sb.append('"').toString();
      }
      if (o instanceof BigDecimal b) {
        return b.toString();
      }
      if (o instanceof Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(write(String.valueOf(k))).append(':').append(write(v)));
        return sb.append('}').toString();
      }
      if (o instanceof List<?> l) {
        StringBuilder sb = new StringBuilder("[");
        for (Object v : l) {
          sb.append(sb.length() > 1 ? "," : "").append(write(v));
        }
        return sb.append(']').toString();
      }
      return String.valueOf(o);
    }

    private Object value() {
      ws();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      ws();
      if (peek() == '}') {
        i++;
        return m;
      }
      while (true) {
        ws();
        if (peek() != '"') {
          throw error("expected a key");
        }
        String key = string();
        ws();
        expect(':');
        m.put(key, value());
        ws();
        char c = next();
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      ws();
      if (peek() == ']') {
        i++;
        return l;
      }
      while (true) {
        l.add(value());
        ws();
        char c = next();
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("short \\u escape");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    private BigDecimal number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (start == i) {
        throw error("unexpected character '" + s.charAt(i) + "'");
      }
      return new BigDecimal(s.substring(start, i));
    }

    private void literal(String word) {
      if (!s.startsWith(word, i)) {
        throw error("expected " + word);
      }
      i += word.length();
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw error("expected " + c);
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("JSON: " + what + " at offset " + i);
    }
  }
}
