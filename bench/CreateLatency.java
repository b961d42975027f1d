import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for POST /api/v1/orders/ from a fixed number of client threads, each with one request in
 * flight at most. Closed loop (rate 0): a client sends the next order as soon as it has the answer,
 * so the host runs at saturation and the latency is mostly queueing. Paced (rate > 0): order i is
 * due at start + i / rate; a free client sends it then, and its latency counts from the due time, so
 * a server that falls behind is charged for the wait (no coordinated omission). Latency of 201
 * answers only; everything else is counted as an error.
 *
 * <p>Run: {@code java bench/CreateLatency.java <baseUrl> [clients] [warmup] [measured]
 * [timeLimitSeconds] [ratePerSecond]} (Java 17 single-file launch, JDK only). Exit status: 0 all
 * answered 201, 1 errors (or nothing measured), 3 the time limit cut the run short.
 *
 * <p>With {@code BENCH_PHASE_DIR} set, the generator writes {@code warm-up.done} there when the
 * warm-up has ended and starts the measured phase only once {@code measure.go} appears, so the
 * caller can sample the CPU of every process at the boundary. It prints its own CPU over the
 * measured phase and the number of orders answered {@code paid} (each queues a confirmation mail).
 */
public final class CreateLatency {

  /** The operator token the bench scripts pass (security.md: every API call carries one). */
  private static final String AUTHORIZATION =
      "Bearer " + System.getenv().getOrDefault("BENCH_TOKEN", "");

  // The first "status" of an order answer is the order's own: it precedes "items".
  private static final Pattern ORDER_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");

  private CreateLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: java CreateLatency.java <baseUrl> [clients=16] [warmup=200] [measured=2000]"
              + " [timeLimitSeconds=120] [ratePerSecond=0 (closed loop)]");
      System.exit(2);
    }
    String base = args[0].replaceAll("/+$", "");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int measured = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    int limitSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 120;
    double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
    URI target = URI.create(base + "/api/v1/orders/");

    // One deadline for warm-up and measurement together, so the whole run is bounded.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);

    // HTTP/1.1 explicitly: the JDK client would otherwise try an h2c upgrade on every new
    // connection, which is not what a normal REST client does and skews the first requests.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(Math.max(2, clients / 2)))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong orderNumber = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    // The warm-up is closed loop whatever the rate: it is there to get the JIT compiler done.
    Phase warm = new Phase(warmup, 0);
    boolean warmDone = warm.run(pool, http, target, clients, orderNumber, deadline, false);
    // With BENCH_PHASE_DIR the caller takes its CPU samples at the phase boundary: the warm-up's
    // end is announced in warm-up.done, and the measured phase starts once measure.go exists.
    String phaseDir = System.getenv().getOrDefault("BENCH_PHASE_DIR", "");
    if (warmDone && !phaseDir.isEmpty()) {
      warm.snapshot();
      announce(Path.of(phaseDir, "warm-up.done"), "paid=" + warm.paid() + "\n");
      warmDone = awaitFile(Path.of(phaseDir, "measure.go"), deadline);
    }
    Phase run = new Phase(measured, rate);
    long cpuBefore = ownCpuTicks();
    boolean runDone =
        warmDone && run.run(pool, http, target, clients, orderNumber, deadline, true);
    long cpuMeasured = ownCpuTicks() - cpuBefore;
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    // Counted only now: requests cut at the deadline finish (and count) after their phase ended.
    warm.snapshot();
    run.snapshot();

    List<Long> latencies = new ArrayList<>(run.latencies);
    Collections.sort(latencies);
    int ok = latencies.size();
    long errors = run.errors.sum();
    double seconds = run.wallNanos / 1e9;

    System.out.println("base URL:         " + target);
    System.out.printf(
        Locale.ROOT,
        "clients:          %d (%s, one request in flight each)%n"
            + "warm-up:          %d requests sent, %d errors (not measured)%s%n",
        clients,
        rate > 0
            ? String.format(Locale.ROOT, "paced at %.1f orders/s in all, latency from due time", rate)
            : "closed loop",
        warm.sent.get(),
        warm.errors.sum(),
        warmDone ? "" : " - TIME LIMIT HIT");
    System.out.printf(
        Locale.ROOT,
        "measured:         %d requests sent, %d answered 201, %d errors, %d cut off%s%n",
        run.sent.get(),
        ok,
        errors,
        run.cutOff.sum(),
        runDone ? "" : " - TIME LIMIT (" + limitSeconds + " s) HIT, partial results");
    if (ok > 0) {
      System.out.printf(
          Locale.ROOT,
          "latency:          p50 %s ms, p95 %s ms, p99 %s ms, max %s ms, mean %s ms (201 answers)%n",
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 95)),
          ms(percentile(latencies, 99)),
          ms(latencies.get(ok - 1)),
          ms((long) latencies.stream().mapToLong(Long::longValue).average().orElse(0)));
    } else {
      System.out.println("latency:          no successful request measured");
    }
    System.out.printf(
        Locale.ROOT,
        "throughput:       %.1f orders/s (%d created in %.2f s wall time)%n",
        seconds > 0 ? ok / seconds : 0.0,
        ok,
        seconds);
    System.out.println("order statuses:   " + new TreeMap<>(run.orderStatuses));
    // Its own CPU, so the caller can tell the generator's share of a shared host from the rest.
    System.out.printf(
        Locale.ROOT,
        "generator CPU:    %.1f s%n",
        ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toMillis)
                .orElse(-1000L)
            / 1000.0);
    System.out.printf(
        Locale.ROOT,
        "generator CPU measured: %.2f s (utime+stime from /proc/self/stat over the measured"
            + " phase)%n",
        cpuMeasured / 100.0);
    // The orders that queue a confirmation mail (paid on creation): the caller waits for them.
    System.out.printf(
        Locale.ROOT, "paid orders:      warm-up %d, measured %d%n", warm.paid(), run.paid());
    if (!run.failures.isEmpty()) {
      System.out.println("errors by kind:   " + new TreeMap<>(run.failures));
    }
    if (!warm.failures.isEmpty()) {
      System.out.println("warm-up errors:   " + new TreeMap<>(warm.failures));
    }
    System.exit(errors > 0 || ok == 0 ? 1 : runDone ? 0 : 3);
  }

  /** utime + stime of this JVM in clock ticks (USER_HZ, 100 on Linux); 0 without /proc. */
  private static long ownCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Writes a file in one step (written aside, then renamed), so a reader never sees half. */
  private static void announce(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** True once the file exists; false when the deadline passes first. */
  private static boolean awaitFile(Path file, long deadline) throws InterruptedException {
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Nearest-rank percentile of sorted nanosecond latencies. */
  private static long percentile(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static String orderJson(long n) {
    return "{\"customer_email\":\"bench-"
        + n
        + "@example.com\",\"customer_name\":\"Bench\","
        + "\"items\":[{\"product_name\":\"Widget\",\"quantity\":2,\"unit_price\":1500}],"
        + "\"currency\":\"JPY\"}";
  }

  /** A fixed number of requests shared by all clients, timed as one wall-clock interval. */
  private static final class Phase {
    final int requests;
    final double rate;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger tickets = new AtomicInteger();
    final LongAdder errors = new LongAdder();
    // In flight when the time limit struck: neither a success nor the server's fault.
    final LongAdder cutOff = new LongAdder();
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    final Map<String, LongAdder> orderStatusCounters = new ConcurrentHashMap<>();
    final Map<String, Long> orderStatuses = new TreeMap<>();
    final Map<String, LongAdder> failureCounters = new ConcurrentHashMap<>();
    final Map<String, Long> failures = new TreeMap<>();
    long wallNanos;

    Phase(int requests, double rate) {
      this.requests = requests;
      this.rate = rate;
    }

    /** Runs the phase; false when the deadline cut it short. */
    boolean run(
        ExecutorService pool,
        HttpClient http,
        URI target,
        int clients,
        AtomicLong orderNumber,
        long deadline,
        boolean record)
        throws InterruptedException {
      long start = System.nanoTime();
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  int ticket;
                  while ((ticket = tickets.getAndIncrement()) < requests
                      && System.nanoTime() < deadline
                      && !Thread.currentThread().isInterrupted()) {
                    long due = System.nanoTime();
                    if (rate > 0) {
                      due = start + (long) (ticket * 1e9 / rate);
                      while (System.nanoTime() < due && System.nanoTime() < deadline) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                      }
                    }
                    sent.incrementAndGet();
                    once(http, target, orderNumber.incrementAndGet(), deadline, record, due);
                  }
                }));
      }
      // Wait for the workers, but never past the deadline: a hung server must not hang the bench.
      boolean complete = true;
      for (java.util.concurrent.Future<?> worker : workers) {
        long left = deadline - System.nanoTime();
        try {
          worker.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          complete = false;
          break;
        } catch (java.util.concurrent.ExecutionException e) {
          failure("worker crashed: " + e.getCause());
        }
      }
      wallNanos = System.nanoTime() - start;
      if (!complete) {
        workers.forEach(w -> w.cancel(true));
      }
      return complete && sent.get() >= requests && cutOff.sum() == 0;
    }

    long paid() {
      return orderStatuses.getOrDefault("paid", 0L);
    }

    void snapshot() {
      orderStatusCounters.forEach((k, v) -> orderStatuses.put(k, v.sum()));
      failureCounters.forEach((k, v) -> failures.put(k, v.sum()));
    }

    private void once(
        HttpClient http, URI target, long n, long deadline, boolean record, long due) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      HttpRequest request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(60))))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("Authorization", AUTHORIZATION)
              .POST(HttpRequest.BodyPublishers.ofString(orderJson(n)))
              .build();
      long t0 = Math.min(due, System.nanoTime());
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - t0;
        if (response.statusCode() != 201) {
          failure("HTTP " + response.statusCode());
          return;
        }
        Matcher m = ORDER_STATUS.matcher(response.body());
        String status = m.find() ? m.group(1) : "(no status in answer)";
        orderStatusCounters.computeIfAbsent(status, k -> new LongAdder()).increment();
        if (record) {
          latencies.add(elapsed);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cutOff.increment();
      } catch (Exception e) {
        // The request timeout is clipped to the deadline, so a timeout there is the cut, too.
        if (System.nanoTime() - deadline > -TimeUnit.MILLISECONDS.toNanos(50)) {
          cutOff.increment();
        } else {
          failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    }

    private void failure(String kind) {
      errors.increment();
      failureCounters.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
  }
}
