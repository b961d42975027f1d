import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of bench/import-bench.sh. JDK only in its source (java.net.http, java.sql);
 * the PostgreSQL JDBC driver, when it is on the class path, only adds the batch steps' own timings
 * read from the job repository (which step, load or charge, took the time).
 *
 * <pre>
 *   java ImportBench generate   CSV_FILE ORDERS RUN_ID
 *   java ImportBench import     BASE CSV_FILE PAYARA_PID DEADLINE_EPOCH_S EXPECTED_ORDERS PROPS_OUT
 *                               [JDBC_URL [PEERS_PID [POSTMASTER_PID [POLL_MS [MAIL_WAIT_S
 *                               [STATUS_GET_SAMPLES]]]]]]
 *   java ImportBench drain      BASE DEADLINE_EPOCH_S
 *   java ImportBench one-by-one BASE MEASURED WARMUP RUN_ID DEADLINE_EPOCH_S IMPORT_SECONDS ORDERS PROPS_OUT
 *                               [PAYARA_PID PEERS_PID POSTMASTER_PID MAIL_WAIT_S]
 * </pre>
 *
 * CPU per order (utime+stime from /proc) is taken from the upload (import) or the first measured
 * order (one-by-one) until the orders' confirmation mails are sent: the outbox admin API has none
 * pending (MAIL_WAIT_S at most; 0 skips the wait). The peers run without a request journal, so
 * WireMock cannot count them itself.
 *
 * Figures go to stdout as "name: value" lines (the script keeps them), progress to stderr.
 * Exit status: 0 done and correct, 1 wrong result or error, 3 deadline hit.
 */
public final class ImportBench {

  /** The operator token the bench scripts pass (security.md: every API call carries one). */
  private static final String AUTHORIZATION =
      "Bearer " + System.getenv().getOrDefault("BENCH_TOKEN", "");

  private static final PrintStream LOG = System.err;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: a plain REST client
          .proxy(HttpClient.Builder.NO_PROXY) // loopback only, whatever the environment says
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Set<String> FINAL =
      Set.of("completed", "completed_with_errors", "failed", "stopped");

  private ImportBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    int rc =
        switch (args[0]) {
          case "generate" -> generate(args);
          case "import" -> runImport(args);
          case "drain" -> drain(args);
          case "one-by-one" -> oneByOne(args);
          default -> usage();
        };
    System.exit(rc);
  }

  private static int usage() {
    LOG.println(
        "usage: ImportBench generate CSV ORDERS RUN_ID | import BASE CSV PAYARA_PID DEADLINE"
            + " EXPECTED_ORDERS PROPS_OUT [JDBC_URL [PEERS_PID [POSTMASTER_PID [POLL_MS"
            + " [MAIL_WAIT_S [STATUS_GET_SAMPLES]]]]]] | drain BASE DEADLINE | one-by-one BASE"
            + " MEASURED WARMUP RUN_ID DEADLINE IMPORT_S ORDERS PROPS_OUT [PAYARA_PID PEERS_PID"
            + " POSTMASTER_PID MAIL_WAIT_S]");
    System.exit(2);
    return 2;
  }

  private static void log(String format, Object... args) {
    LOG.printf(
        Locale.ROOT,
        "[import-bench %tT] %s%n",
        new java.util.Date(),
        String.format(Locale.ROOT, format, args));
  }

  // ---------------------------------------------------------------------------------------------
  // generate: ORDERS orders of 2 line items each, JPY, refs unique to the run

  private static int generate(String[] args) throws IOException {
    Path file = Path.of(args[1]);
    int orders = Integer.parseInt(args[2]);
    String run = args[3];
    Random random = new Random(20_240_501L); // the same prices every run; only the refs differ
    String[] products = {"Widget", "Gadget", "Cable", "Adapter", "Charger", "Keyboard", "Mouse"};
    long rows = 0;
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("order_ref,customer_email,customer_name,product_name,quantity,unit_price,currency\n");
      StringBuilder line = new StringBuilder(128);
      for (int o = 1; o <= orders; o++) {
        int customer = o % 5000; // several orders per customer, as a real shop's file has
        String ref = run + "-" + String.format(Locale.ROOT, "%07d", o);
        for (int item = 0; item < 2; item++) {
          line.setLength(0);
          line.append(ref)
              .append(",imp-")
              .append(run)
              .append("-c")
              .append(customer)
              .append("@example.com,Import Customer ")
              .append(customer)
              .append(',')
              .append(products[random.nextInt(products.length)])
              .append(" model ")
              .append((char) ('A' + item))
              .append(',')
              .append(1 + random.nextInt(5))
              .append(',')
              .append(100 * (1 + random.nextInt(500))) // 100 .. 50,000 yen, no minor digits
              .append(",JPY\n");
          out.write(line.toString());
          rows++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "generated: %s, %d orders, %d rows, %.1f MB%n",
        file,
        orders,
        rows,
        Files.size(file) / 1e6);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // import: upload, poll, sample RSS, figures

  private static int runImport(String[] args) throws Exception {
    String base = strip(args[1]);
    Path csv = Path.of(args[2]);
    long payaraPid = Long.parseLong(args[3]);
    long deadline = Long.parseLong(args[4]) * 1000;
    long expected = Long.parseLong(args[5]);
    Path props = Path.of(args[6]);
    String jdbc = args.length > 7 && !args[7].isBlank() ? args[7] : null;
    long peersPid = args.length > 8 && !args[8].isBlank() ? Long.parseLong(args[8]) : 0;
    long postmasterPid = args.length > 9 && !args[9].isBlank() ? Long.parseLong(args[9]) : 0;
    // Each poll costs the service a status query (per-status counts over the import's orders):
    // the million-row run polls rarely, so the bench does not load the host it measures.
    long pollMs = args.length > 10 && !args[10].isBlank() ? Long.parseLong(args[10]) : 500;
    long mailWaitSeconds = args.length > 11 && !args[11].isBlank() ? Long.parseLong(args[11]) : 120;
    int statusSamples = args.length > 12 && !args[12].isBlank() ? Integer.parseInt(args[12]) : 0;

    // Other imports running on the shared database would load the same CPUs: say so.
    List<String> foreign = new ArrayList<>();
    HttpResponse<String> list = get(base + "/api/v1/order-imports?limit=100", 10);
    if (list.statusCode() == 200) {
      Matcher m =
          Pattern.compile("\"id\"\\s*:\\s*(\\d+)[^{}]*?\"status\"\\s*:\\s*\"(queued|running)\"")
              .matcher(list.body());
      while (m.find()) {
        foreign.add(m.group(1) + " (" + m.group(2) + ")");
      }
    }
    if (!foreign.isEmpty()) {
      log("WARNING: other imports are unfinished in this database: %s", foreign);
    }

    RssSampler rss = new RssSampler(payaraPid);
    long rssBefore = rss.read();
    Cpu cpu0 = Cpu.now(payaraPid, peersPid, postmasterPid);
    rss.start();

    String url =
        base
            + "/api/v1/order-imports?file_name="
            + URLEncoder.encode(csv.getFileName().toString(), StandardCharsets.UTF_8);
    log("uploading %s (%.1f MB)", csv.getFileName(), Files.size(csv) / 1e6);
    long uploadStart = System.nanoTime();
    HttpResponse<String> answer;
    try {
      answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofMinutes(10))
                  .header("Content-Type", "text/csv; charset=UTF-8")
                  .header("Authorization", AUTHORIZATION)
                  .POST(HttpRequest.BodyPublishers.ofFile(csv))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      rss.stop();
      System.out.println("upload:           FAILED: " + e);
      return 1;
    }
    double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
    if (answer.statusCode() != 202) {
      rss.stop();
      System.out.println(
          "upload:           FAILED: HTTP " + answer.statusCode() + " " + answer.body());
      return 1;
    }
    Map<String, String> view = fields(answer.body());
    long id = Long.parseLong(view.get("id"));
    Files.writeString(Path.of(props + ".id"), String.valueOf(id)); // for the script's clean-up
    log(
        "import %d accepted (HTTP 202) after %.2f s; polling every %.1f s",
        id,
        uploadSeconds,
        pollMs / 1e3);

    Cpu cpuLoadDone = null;
    long paidAtLoadDone = 0;
    Double loadDoneAt = null; // seconds after upload start when processed_rows reached total_rows
    long lastLog = 0;
    boolean timedOut = false;
    while (true) {
      Thread.sleep(pollMs);
      HttpResponse<String> r;
      try {
        r = get(base + "/api/v1/order-imports/" + id, 10);
      } catch (IOException e) {
        log("poll failed: %s", e);
        if (System.currentTimeMillis() > deadline) {
          timedOut = true;
          break;
        }
        continue;
      }
      if (r.statusCode() != 200) {
        log("poll answered %d: %s", r.statusCode(), r.body());
      } else {
        view = fields(r.body());
      }
      double since = (System.nanoTime() - uploadStart) / 1e9;
      String total = view.get("total_rows");
      if (loadDoneAt == null
          && total != null
          && !total.equals("null")
          && total.equals(view.get("processed_rows"))) {
        loadDoneAt = since;
        cpuLoadDone = Cpu.now(payaraPid, peersPid, postmasterPid);
        paidAtLoadDone = num(view.get("orders_paid"));
        log("load step done: processed_rows = total_rows = %s at +%.1f s", total, since);
      }
      if (FINAL.contains(view.get("status"))) {
        break;
      }
      if (System.currentTimeMillis() - lastLog > 5000) {
        lastLog = System.currentTimeMillis();
        log(
            "+%5.1f s %s rows %s/%s, created %s, paid %s, failed %s, rejected %s, RSS %d MiB",
            since,
            view.get("status"),
            view.get("processed_rows"),
            total,
            view.get("orders_created"),
            view.get("orders_paid"),
            view.get("orders_payment_failed"),
            view.get("orders_rejected"),
            rss.last.get() >> 20);
      }
      if (System.currentTimeMillis() > deadline) {
        timedOut = true;
        break;
      }
    }
    double wall = (System.nanoTime() - uploadStart) / 1e9;
    rss.stop();
    Cpu cpu1 = Cpu.now(payaraPid, peersPid, postmasterPid);
    // The import's confirmation mails: the window for CPU per order ends once they are sent.
    Double mailsAfter = null;
    Cpu cpuMails = null;
    if (!timedOut && mailWaitSeconds > 0) {
      long mailDeadline = Math.min(deadline, System.currentTimeMillis() + mailWaitSeconds * 1000);
      mailsAfter = awaitMails(base, mailDeadline);
      cpuMails = Cpu.now(payaraPid, peersPid, postmasterPid);
    }
    long hwm = RssSampler.field(payaraPid, "VmHWM");

    if (timedOut) {
      log("deadline reached with the import %s; asking it to stop", view.get("status"));
      try {
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/order-imports/" + id))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", AUTHORIZATION)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        log("stop request failed: %s", e);
      }
    }

    String created = view.get("created_at");
    String started = view.get("started_at");
    String finished = view.get("finished_at");
    Double importSeconds =
        isSet(finished) && isSet(created)
            ? Duration.between(Instant.parse(created), Instant.parse(finished)).toNanos() / 1e9
            : null;
    long paid = num(view.get("orders_paid"));
    long made = num(view.get("orders_created"));
    long rejected = num(view.get("orders_rejected"));
    long failedPay = num(view.get("orders_payment_failed"));

    PrintStream out = System.out;
    out.printf(Locale.ROOT, "import id:        %d (%s)%n", id, csv.getFileName());
    out.printf(
        Locale.ROOT,
        "status:           %s%s%n",
        view.get("status"),
        timedOut ? " - DEADLINE HIT, stop requested" : "");
    out.printf(
        Locale.ROOT,
        "rows:             total_rows %s, processed_rows %s%n",
        view.get("total_rows"),
        view.get("processed_rows"));
    out.printf(
        Locale.ROOT,
        "orders:           created %d, paid %d, payment_failed %d, rejected %d (expected %d"
            + " created and paid, 0 rejected)%n",
        made,
        paid,
        failedPay,
        rejected,
        expected);
    if (isSet(view.get("error"))) {
      out.println("error:            " + view.get("error"));
    }
    out.printf(
        Locale.ROOT,
        "import time:      %s (finished_at - created_at; queued %s s before the job started)%n",
        importSeconds == null ? "n/a (not finished)" : String.format(Locale.ROOT, "%.2f s", importSeconds),
        isSet(started) && isSet(created)
            ? String.format(
                Locale.ROOT,
                "%.2f",
                Duration.between(Instant.parse(created), Instant.parse(started)).toNanos() / 1e9)
            : "?");
    out.printf(
        Locale.ROOT,
        "wall time:        %.2f s from the start of the upload to the poll that saw it end"
            + " (upload answered in %.2f s; polled every %.1f s)%n",
        wall,
        uploadSeconds,
        pollMs / 1e3);
    out.printf(
        Locale.ROOT,
        "load step:        processed_rows reached total_rows %s%n",
        loadDoneAt == null
            ? "never (as seen by the polls)"
            : String.format(
                Locale.ROOT,
                "%.1f s after the upload started (the rest, %.1f s, is the charge step)",
                loadDoneAt,
                wall - loadDoneAt));
    double rate = importSeconds == null || importSeconds <= 0 ? 0 : paid / importSeconds;
    out.printf(
        Locale.ROOT,
        "throughput:       %.1f orders/s (orders_paid / import time)%n",
        rate);
    out.printf(
        Locale.ROOT,
        "Payara RSS:       peak %d MiB sampled every 0.5 s during the import (%d samples; %d MiB"
            + " before the upload, %d MiB at the end); VmHWM since JVM start %d MiB%n",
        rss.peak.get() >> 20,
        rss.samples.get(),
        rssBefore >> 20,
        rss.last.get() >> 20,
        hwm >> 20);
    out.println("cpu:              " + cpu0.describe(cpu1));
    if (cpuLoadDone != null) {
      out.println("cpu load step:    " + cpu0.describe(cpuLoadDone));
      out.println("cpu charge step:  " + cpuLoadDone.describe(cpu1));
      long charged = paid - Math.max(0, paidAtLoadDone);
      if (charged > 0) {
        out.printf(
            Locale.ROOT,
            "cpu per order:    load %.1f ms (Payara) / %.1f ms (PostgreSQL); charge %.1f ms (Payara)"
                + " / %.1f ms (PostgreSQL) / %.1f ms (WireMock), over %d orders charged after the"
                + " load%n",
            1e3 * (cpuLoadDone.payara - cpu0.payara) / Cpu.HZ / Math.max(1, made),
            1e3 * (cpuLoadDone.postgres - cpu0.postgres) / Cpu.HZ / Math.max(1, made),
            1e3 * (cpu1.payara - cpuLoadDone.payara) / Cpu.HZ / charged,
            1e3 * (cpu1.postgres - cpuLoadDone.postgres) / Cpu.HZ / charged,
            1e3 * (cpu1.peers - cpuLoadDone.peers) / Cpu.HZ / charged,
            charged);
      }
    }

    Map<String, String> p = new LinkedHashMap<>();
    if (cpuMails != null) {
      double seconds = (cpuMails.nanos - cpu0.nanos) / 1e9;
      double n = Math.max(1, paid);
      double payaraMs = 1e3 * (cpuMails.payara - cpu0.payara) / Cpu.HZ / n;
      double postgresMs = 1e3 * (cpuMails.postgres - cpu0.postgres) / Cpu.HZ / n;
      double peersMs = 1e3 * (cpuMails.peers - cpu0.peers) / Cpu.HZ / n;
      out.printf(
          Locale.ROOT,
          "cpu per imported order: Payara %.2f ms, PostgreSQL %.2f ms, WireMock %.2f ms (from the"
              + " upload until the import ended and %s: %.1f s, %d orders paid)%n",
          payaraMs,
          postgresMs,
          peersMs,
          mailsAfter == null
              ? "the MAIL WAIT ran out (not all mails included)"
              : String.format(Locale.ROOT, "its mails were sent %.1f s later", mailsAfter),
          seconds,
          paid);
      out.println("cpu with mails:   " + cpu0.describe(cpuMails));
      p.put("payara_ms_per_order", String.format(Locale.ROOT, "%.3f", payaraMs));
      p.put("postgres_ms_per_order", String.format(Locale.ROOT, "%.3f", postgresMs));
      p.put("wiremock_ms_per_order", String.format(Locale.ROOT, "%.3f", peersMs));
      p.put("mails_sent", String.valueOf(mailsAfter != null));
    }

    if (statusSamples > 0 && !timedOut && System.currentTimeMillis() < deadline) {
      statusGet(base, id, made, statusSamples, out, p);
    }

    if (jdbc != null) {
      try {
        jobRepository(jdbc, id, out);
      } catch (SQLException | RuntimeException e) {
        out.println("batch steps:      not read (" + e + ")");
      }
    }

    boolean correct =
        "completed".equals(view.get("status"))
            && made == expected
            && paid == expected
            && rejected == 0;
    out.println(
        "check:            "
            + (correct
                ? "OK (completed, " + expected + " created, " + expected + " paid, 0 rejected)"
                : "FAILED (expected completed, " + expected + " created and paid, 0 rejected)"));

    p.put("import_id", String.valueOf(id));
    p.put("status", view.get("status"));
    p.put("import_seconds", importSeconds == null ? "" : String.format(Locale.ROOT, "%.3f", importSeconds));
    p.put("wall_seconds", String.format(Locale.ROOT, "%.3f", wall));
    p.put("orders_per_second", String.format(Locale.ROOT, "%.1f", rate));
    p.put("peak_rss_mib", String.valueOf(rss.peak.get() >> 20));
    p.put("correct", String.valueOf(correct));
    p.put("timed_out", String.valueOf(timedOut));
    StringBuilder text = new StringBuilder();
    p.forEach((k, v) -> text.append(k).append('=').append(v == null ? "" : v).append('\n'));
    Files.writeString(props, text);
    return timedOut ? 3 : correct ? 0 : 1;
  }

  /**
   * The job's steps as the batch runtime recorded them (start, end, counts), from its job
   * repository in the service's database: names the step that took the time.
   */
  private static void jobRepository(String jdbc, long importId, PrintStream out)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
      Long execution = null;
      try (PreparedStatement s =
          c.prepareStatement("SELECT job_execution FROM order_imports WHERE id = ?")) {
        s.setLong(1, importId);
        try (ResultSet r = s.executeQuery()) {
          if (r.next()) {
            execution = r.getLong(1);
          }
        }
      }
      // The batch runtime names its tables with a configurable prefix and suffix.
      String table = null;
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT table_schema, table_name FROM information_schema.tables"
                      + " WHERE lower(table_name) LIKE '%stepexecutioninstancedata%'"
                      + " ORDER BY length(table_name)")) {
        if (r.next()) {
          table =
              "\"" + r.getString(1).replace("\"", "\"\"") + "\".\""
                  + r.getString(2).replace("\"", "\"\"") + "\"";
        }
      }
      if (execution == null || table == null) {
        out.println(
            "batch steps:      job repository not found (job execution " + execution + ")");
        return;
      }
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData md = r.getMetaData();
        Map<String, Integer> col = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i <= md.getColumnCount(); i++) {
          col.put(md.getColumnName(i), i);
        }
        java.sql.Timestamp first = null;
        List<Object[]> rows = new ArrayList<>();
        while (r.next()) {
          if (r.getLong(col.get("jobexecid")) != execution) {
            continue;
          }
          rows.add(
              new Object[] {
                r.getLong(col.get("stepexecid")),
                r.getString(col.get("stepname")),
                r.getString(col.get("batchstatus")),
                r.getTimestamp(col.get("starttime")),
                r.getTimestamp(col.get("endtime")),
                col.containsKey("readcount") ? r.getLong(col.get("readcount")) : -1L,
                col.containsKey("writecount") ? r.getLong(col.get("writecount")) : -1L,
                col.containsKey("commitcount") ? r.getLong(col.get("commitcount")) : -1L
              });
        }
        rows.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        for (Object[] row : rows) {
          java.sql.Timestamp start = (java.sql.Timestamp) row[3];
          java.sql.Timestamp end = (java.sql.Timestamp) row[4];
          if (first == null) {
            first = start;
          }
          out.printf(
              Locale.ROOT,
              "batch step:       %-7s %s, +%.2f s .. %s (%s), read %d, written %d, commits %d"
                  + " [job execution %d]%n",
              row[1],
              row[2],
              start == null ? 0 : (start.getTime() - first.getTime()) / 1e3,
              end == null
                  ? "?"
                  : String.format(Locale.ROOT, "+%.2f s", (end.getTime() - first.getTime()) / 1e3),
              end == null || start == null
                  ? "running"
                  : String.format(Locale.ROOT, "%.2f s", (end.getTime() - start.getTime()) / 1e3),
              row[5],
              row[6],
              row[7],
              execution);
        }
        if (rows.isEmpty()) {
          out.println("batch steps:      no step of job execution " + execution + " in " + table);
        }
      }
      // When the orders were paid: the charge step's real pace, whatever the step bookkeeping.
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT min(created_at), max(created_at), min(updated_at) FILTER (WHERE status <>"
                  + " 'payment_processing'), max(updated_at) FILTER (WHERE status <>"
                  + " 'payment_processing') FROM orders WHERE import_id = ?")) {
        s.setLong(1, importId);
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && r.getTimestamp(1) != null && r.getTimestamp(3) != null) {
            long c0 = r.getTimestamp(1).getTime();
            long c1 = r.getTimestamp(2).getTime();
            long u0 = r.getTimestamp(3).getTime();
            long u1 = r.getTimestamp(4).getTime();
            out.printf(
                Locale.ROOT,
                "orders timeline:  saved over %.2f s (first to last created_at); charged over %.2f s"
                    + " (first to last updated_at of the charged ones), the first %.2f s after the"
                    + " last order was saved%n",
                (c1 - c0) / 1e3,
                (u1 - u0) / 1e3,
                (u0 - c1) / 1e3);
          }
        }
      }
    }
  }

  /**
   * Seconds until the outbox has no pending message (every queued mail accepted by the
   * notification peer), polled every 0.5 s; null when the deadline (epoch ms) passes first.
   */
  private static Double awaitMails(String base, long deadline) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      try {
        HttpResponse<String> r = get(base + "/api/v1/admin/outbox?status=pending&limit=1", 10);
        if (r.statusCode() == 200 && r.body().replaceAll("\\s", "").equals("[]")) {
          return (System.nanoTime() - start) / 1e9;
        }
      } catch (IOException e) {
        log("outbox poll failed: %s", e);
      }
      if (System.currentTimeMillis() > deadline) {
        return null;
      }
      Thread.sleep(500);
    }
  }

  /**
   * GET /api/v1/order-imports/{id} timed {@code samples} times, one after the other with a pause
   * of 0.2 s, once the import has ended: what a client polling a large import pays per poll. As
   * many untimed GETs go first: during the import the endpoint was asked every 10 s only, so its
   * code was still cold (the first five timed GETs of a run took 12-20 ms).
   */
  private static void statusGet(
      String base, long id, long orders, int samples, PrintStream out, Map<String, String> p)
      throws InterruptedException {
    for (int i = 0; i < samples; i++) {
      try {
        get(base + "/api/v1/order-imports/" + id, 30);
      } catch (IOException e) {
        log("status GET (warm-up) failed: %s", e);
      }
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = get(base + "/api/v1/order-imports/" + id, 30);
        if (r.statusCode() == 200) {
          nanos.add(System.nanoTime() - t0);
        } else {
          log("status GET answered %d", r.statusCode());
        }
      } catch (IOException e) {
        log("status GET failed: %s", e);
      }
      Thread.sleep(200);
    }
    if (nanos.isEmpty()) {
      out.printf(Locale.ROOT, "import status GET at %d orders: n/a (no answer 200)%n", orders);
      return;
    }
    Collections.sort(nanos);
    double median =
        nanos.size() % 2 == 1
            ? nanos.get(nanos.size() / 2) / 1e6
            : (nanos.get(nanos.size() / 2 - 1) + nanos.get(nanos.size() / 2)) / 2e6;
    out.printf(
        Locale.ROOT,
        "import status GET at %d orders: %.1f ms (median of %d sequential GETs after as many"
            + " untimed ones, once the import ended; min %.1f ms, max %.1f ms)%n",
        orders,
        median,
        nanos.size(),
        nanos.get(0) / 1e6,
        nanos.get(nanos.size() - 1) / 1e6);
    p.put("status_get_ms", String.format(Locale.ROOT, "%.2f", median));
  }

  // ---------------------------------------------------------------------------------------------
  // drain: wait until the outbox has nothing pending (the import's confirmation mails), so the
  // one-by-one comparison does not share the CPUs with 10,000 e-mails

  private static int drain(String[] args) throws Exception {
    String base = strip(args[1]);
    long deadline = Long.parseLong(args[2]) * 1000;
    long start = System.nanoTime();
    while (true) {
      HttpResponse<String> r = get(base + "/api/v1/admin/outbox?status=pending&limit=1", 10);
      if (r.statusCode() != 200) {
        System.out.println("outbox:           not readable (HTTP " + r.statusCode() + ")");
        return 1;
      }
      if (r.body().replaceAll("\\s", "").equals("[]")) {
        System.out.printf(
            Locale.ROOT,
            "outbox:           drained %.1f s after the import ended (confirmation mails sent)%n",
            (System.nanoTime() - start) / 1e9);
        return 0;
      }
      if (System.currentTimeMillis() > deadline) {
        System.out.println("outbox:           still has pending rows at the deadline");
        return 3;
      }
      Thread.sleep(1000);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // one-by-one: a naive integrator, one POST /api/v1/orders/ after the other

  private static int oneByOne(String[] args) throws Exception {
    String base = strip(args[1]);
    int measured = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    String run = args[4];
    long deadline = Long.parseLong(args[5]) * 1000;
    double importSeconds = args[6].isBlank() ? 0 : Double.parseDouble(args[6]);
    int orders = Integer.parseInt(args[7]);
    if (args.length < 9) {
      usage();
    }
    // With the PIDs: CPU per order over the measured orders and their confirmation mails.
    long payaraPid = args.length > 9 ? Long.parseLong(args[9]) : 0;
    long peersPid = args.length > 10 ? Long.parseLong(args[10]) : 0;
    long postmasterPid = args.length > 11 ? Long.parseLong(args[11]) : 0;
    long mailWaitSeconds = args.length > 12 ? Long.parseLong(args[12]) : 120;
    Cpu cpu0 = null;
    long ownCpu0 = 0;
    String warmupMails = "";
    URI target = URI.create(base + "/api/v1/orders/");
    Pattern status = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");
    List<Long> latencies = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    int errors = 0;
    boolean cut = false;
    long wallStart = 0;
    for (int i = 0; i < warmup + measured; i++) {
      if (System.currentTimeMillis() > deadline) {
        cut = true;
        break;
      }
      if (i == warmup) {
        if (payaraPid > 0) {
          // The warm-up's mails go out first, so the window below holds only the measured ones.
          Double after =
              awaitMails(
                  base, Math.min(deadline, System.currentTimeMillis() + mailWaitSeconds * 1000));
          warmupMails =
              after == null
                  ? "; the warm-up's mails NOT all sent before the measured orders"
                  : String.format(
                      Locale.ROOT, "; the warm-up's mails sent %.1f s after its last order", after);
          cpu0 = Cpu.now(payaraPid, peersPid, postmasterPid);
          ownCpu0 = Cpu.ticks(ProcessHandle.current().pid());
        }
        wallStart = System.nanoTime();
      }
      String body =
          String.format(
              Locale.ROOT,
              "{\"customer_email\": \"obo-%s-%d@example.com\", \"customer_name\": \"One By One %d\","
                  + " \"items\": [{\"product_name\": \"Widget model A\", \"quantity\": 2,"
                  + " \"unit_price\": 1500}, {\"product_name\": \"Cable model B\", \"quantity\": 1,"
                  + " \"unit_price\": 800}], \"currency\": \"JPY\"}",
              run,
              i,
              i);
      long t0 = System.nanoTime();
      HttpResponse<String> r;
      try {
        r =
            HTTP.send(
                HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Authorization", AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (i >= warmup) {
          errors++;
          outcomes.merge("io-error", 1, Integer::sum);
        }
        continue;
      }
      long nanos = System.nanoTime() - t0;
      if (i < warmup) {
        continue;
      }
      Matcher m = status.matcher(r.body());
      String outcome = r.statusCode() + (m.find() ? " " + m.group(1) : "");
      outcomes.merge(outcome, 1, Integer::sum);
      if (r.statusCode() == 201) {
        latencies.add(nanos);
      } else {
        errors++;
      }
    }
    double wall = wallStart == 0 ? 0 : (System.nanoTime() - wallStart) / 1e9;
    long ownCpu = Cpu.ticks(ProcessHandle.current().pid()) - ownCpu0;
    Cpu cpu1 = null;
    Double mailsAfter = null;
    if (cpu0 != null) {
      mailsAfter =
          awaitMails(base, Math.min(deadline, System.currentTimeMillis() + mailWaitSeconds * 1000));
      cpu1 = Cpu.now(payaraPid, peersPid, postmasterPid);
    }
    Collections.sort(latencies);
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "one-by-one:       %d sequential POST /api/v1/orders/ (2 items, JPY) after %d warm-up, one"
            + " client; %d answered 201, %d errors%s; answers %s%n",
        measured,
        warmup,
        latencies.size(),
        errors,
        cut ? " - DEADLINE HIT, partial" : "",
        outcomes);
    if (latencies.isEmpty()) {
      return 1;
    }
    double mean = latencies.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    out.printf(
        Locale.ROOT,
        "latency:          mean %.1f ms, p50 %.1f ms, p95 %.1f ms, max %.1f ms (%.1f orders/s over"
            + " %.1f s)%n",
        mean,
        pct(latencies, 50),
        pct(latencies, 95),
        latencies.get(latencies.size() - 1) / 1e6,
        latencies.size() / wall,
        wall);
    double extrapolated = mean * orders / 1e3;
    out.printf(
        Locale.ROOT,
        "one-by-one %d:   %.1f s extrapolated (%d x mean latency)%n",
        orders,
        extrapolated,
        orders);
    if (importSeconds > 0) {
      out.printf(
          Locale.ROOT,
          "speed-up:         %.1fx (one-by-one extrapolated %.1f s / import %.2f s)%n",
          extrapolated / importSeconds,
          extrapolated,
          importSeconds);
    } else {
      out.println("speed-up:         n/a (no import time)");
    }
    StringBuilder props =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "mean_ms=%.3f%nextrapolated_s=%.3f%nspeedup=%.3f%nerrors=%d%ncut=%s%n",
                mean,
                extrapolated,
                importSeconds > 0 ? extrapolated / importSeconds : 0.0,
                errors,
                cut));
    if (cpu1 != null) {
      double n = latencies.size();
      double payaraMs = 1e3 * (cpu1.payara - cpu0.payara) / Cpu.HZ / n;
      double postgresMs = 1e3 * (cpu1.postgres - cpu0.postgres) / Cpu.HZ / n;
      double peersMs = 1e3 * (cpu1.peers - cpu0.peers) / Cpu.HZ / n;
      out.printf(
          Locale.ROOT,
          "cpu per order:    Payara %.2f ms, PostgreSQL %.2f ms, WireMock %.2f ms, client %.2f ms"
              + " (one by one, %d orders, from the first measured order until %s%s)%n",
          payaraMs,
          postgresMs,
          peersMs,
          1e3 * ownCpu / Cpu.HZ / n,
          latencies.size(),
          mailsAfter == null
              ? "the MAIL WAIT ran out: not all mails included"
              : String.format(
                  Locale.ROOT, "their mails were sent, %.1f s after the last answer", mailsAfter),
          warmupMails);
      out.println("cpu one by one:   " + cpu0.describe(cpu1));
      props.append(
          String.format(
              Locale.ROOT,
              "payara_ms_per_order=%.3f%npostgres_ms_per_order=%.3f%nwiremock_ms_per_order=%.3f%n"
                  + "mails_sent=%s%n",
              payaraMs,
              postgresMs,
              peersMs,
              mailsAfter != null));
    }
    Files.writeString(Path.of(args[8]), props);
    return cut ? 3 : errors > 0 ? 1 : 0;
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpResponse<String> get(String url, int seconds)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(seconds))
            .header("Authorization", AUTHORIZATION)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The top-level scalar fields of a flat JSON object (strings unescaped only as far as needed). */
  static Map<String, String> fields(String json) {
    Map<String, String> map = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("\"([a-z_0-9]+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null|true|false|-?[0-9.eE+]+)")
            .matcher(json);
    while (m.find()) {
      map.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
    }
    return map;
  }

  private static boolean isSet(String v) {
    return v != null && !v.equals("null") && !v.isBlank();
  }

  private static long num(String v) {
    return isSet(v) ? Long.parseLong(v) : -1;
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
  }

  private static String strip(String url) {
    return url.replaceAll("/+$", "");
  }

  /** VmRSS of one process every 0.5 s on a daemon thread; keeps the peak. */
  static final class RssSampler {
    final long pid;
    final AtomicLong peak = new AtomicLong();
    final AtomicLong last = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    RssSampler(long pid) {
      this.pid = pid;
    }

    long read() {
      return field(pid, "VmRSS");
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  long v = read();
                  if (v > 0) {
                    last.set(v);
                    peak.accumulateAndGet(v, Math::max);
                    samples.incrementAndGet();
                  }
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join(2000);
      long v = read(); // one more at the very end
      if (v > 0) {
        last.set(v);
        peak.accumulateAndGet(v, Math::max);
        samples.incrementAndGet();
      }
    }

    /** A "kB" field of /proc/PID/status in bytes; 0 when the process is gone. */
    static long field(long pid, String name) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith(name + ":")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // gone
      }
      return 0;
    }
  }

  /** CPU ticks of the host and of the processes that make up the service. */
  record Cpu(long hostTotal, long hostIdle, long payara, long peers, long postgres, long nanos) {
    static final double HZ = 100.0; // USER_HZ on Linux

    static Cpu now(long payara, long peers, long postmaster) {
      long total = 0;
      long idle = 0;
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += Long.parseLong(f[i]);
        }
        idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      } catch (IOException e) {
        // no figures
      }
      long pg = 0;
      if (postmaster > 0) {
        pg = ticks(postmaster) + reapedTicks(postmaster);
        for (long child : children(postmaster)) {
          pg += ticks(child);
        }
      }
      return new Cpu(total, idle, ticks(payara), ticks(peers), pg, System.nanoTime());
    }

    String describe(Cpu end) {
      long total = end.hostTotal - hostTotal;
      long busy = total - (end.hostIdle - hostIdle);
      double seconds = (end.nanos - nanos) / 1e9;
      return String.format(
          Locale.ROOT,
          "host %.0f%% busy over %.1f s (%d cores); CPU s: Payara %.1f, PostgreSQL %.1f, WireMock"
              + " peers %.1f, everything else (the client included) %.1f",
          total > 0 ? 100.0 * busy / total : 0,
          seconds,
          Runtime.getRuntime().availableProcessors(),
          (end.payara - payara) / HZ,
          (end.postgres - postgres) / HZ,
          (end.peers - peers) / HZ,
          (busy - (end.payara - payara) - (end.postgres - postgres) - (end.peers - peers)) / HZ);
    }

    /** utime + stime of a process (its own threads; children not included). */
    static long ticks(long pid) {
      if (pid <= 0) {
        return 0;
      }
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /** cutime + cstime: the CPU of children that exited (a backend that closed meanwhile). */
    static long reapedTicks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[13]) + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    static List<Long> children(long parent) {
      List<Long> kids = new ArrayList<>();
      try (var dirs = Files.list(Path.of("/proc"))) {
        for (Path d : (Iterable<Path>) dirs::iterator) {
          String name = d.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String stat = Files.readString(d.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(f[1]) == parent) {
              kids.add(Long.parseLong(name));
            }
          } catch (IOException | RuntimeException e) {
            // gone meanwhile
          }
        }
      } catch (IOException e) {
        // no /proc
      }
      return kids;
    }
  }
}
