package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.orderservice.support.PayaraProcess;
import com.example.orderservice.support.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness tells the truth while the server boots: from the moment the process starts until the
 * application is ready, {@code /health/ready} never answers 200 unless the answer carries the WAR's
 * own {@code database} check (up only once the migrations have run). A 200 without it would send
 * traffic to a server whose application is not deployed yet. Payara Micro, started exactly as by
 * the run command; WildFly's empty-readiness setting is in {@code configure.cli}.
 */
@ExtendWith(TestEnvironment.class)
class ReadinessIT {

  /** One answer seen while polling: milliseconds since the start, status (0: none), body. */
  record Answer(long millis, int status, String body) {
    boolean hasDatabaseCheck() {
      return body.contains("\"name\":\"database\"");
    }

    boolean ready() {
      return status == 200 && hasDatabaseCheck();
    }
  }

  @Test
  void readinessIsNeverUpBeforeTheApplicationsOwnCheck() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    List<Answer> answers = new ArrayList<>();
    long start = System.nanoTime();
    try (PayaraProcess server = PayaraProcess.launch("readiness", Map.of())) {
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create(server.baseUri() + "/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .build();
      // Every answer is kept; polling stops at the first 200: with the application's check (the
      // end) or without it (the failure), or when the server died.
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                Answer answer = ask(http, ready, start);
                answers.add(answer);
                return answer.status() == 200 || !server.isAlive();
              });
    }
    List<Answer> distinct = changes(answers);
    distinct.forEach(a -> System.out.printf("%6d ms  %3d  %s%n", a.millis(), a.status(), a.body()));

    assertThat(answers)
        .as("answers of /health/ready from the process start: %s", distinct)
        .filteredOn(a -> a.status() == 200)
        .allSatisfy(a -> assertThat(a.hasDatabaseCheck()).as(a.body()).isTrue())
        .isNotEmpty();
    assertThat(answers.get(answers.size() - 1).ready()).isTrue();
  }

  private static Answer ask(HttpClient http, HttpRequest request, long start) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Answer(
          elapsed(start),
          response.statusCode(),
          body.length() > 200 ? body.substring(0, 200) + "…" : body);
    } catch (IOException e) {
      return new Answer(elapsed(start), 0, e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(elapsed(start), 0, "interrupted");
    }
  }

  private static long elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  /** The first answer of each run of equal (status, body) answers. */
  private static List<Answer> changes(List<Answer> answers) {
    List<Answer> distinct = new ArrayList<>();
    for (Answer answer : answers) {
      Answer last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
      if (last == null || last.status() != answer.status() || !last.body().equals(answer.body())) {
        distinct.add(answer);
      }
    }
    return distinct;
  }
}
