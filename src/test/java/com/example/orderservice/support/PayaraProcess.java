package com.example.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The built WAR on a Payara Micro this test starts and may kill: for the tests that take the server
 * down mid-work, which an Arquillian-managed container cannot do. Configured through the
 * environment of the test JVM, exactly as the Arquillian one.
 */
public final class PayaraProcess implements ServiceProcess {

  private final Process process;
  private final int port;

  private PayaraProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits (3 minutes at most) until it is ready. */
  public static PayaraProcess start(String name, Map<String, String> extraEnv) {
    return start(name, extraEnv, Duration.ofMinutes(3));
  }

  /** Starts the server and waits until it is ready, {@code readyWithin} at most. */
  public static PayaraProcess start(
      String name, Map<String, String> extraEnv, Duration readyWithin) {
    PayaraProcess server = launch(name, extraEnv);
    try {
      ServiceProcess.awaitApi(server.process, server.baseUri(), "Payara Micro", readyWithin);
    } catch (RuntimeException e) {
      // A server that never became ready would outlive the test run otherwise.
      server.kill();
      throw e;
    }
    return server;
  }

  /**
   * Starts the server and returns at once, before it listens: for the tests that watch what it
   * answers while it boots. {@link #awaitApi()} waits for the application.
   */
  public static PayaraProcess launch(String name, Map<String, String> extraEnv) {
    int port = freePort();
    Path target = Path.of("target").toAbsolutePath();
    // A fresh root: a reused one would redeploy what an earlier run left in it.
    ServiceProcess.deleteRecursively(target.resolve("payara-" + name));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-jar",
            target.resolve("runtime/payara-micro.jar").toString(),
            "--deploy",
            target.resolve("order-service.war").toString(),
            "--port",
            String.valueOf(port),
            "--nohazelcast",
            "--rootdir",
            target.resolve("payara-" + name).toString(),
            "--addlibs",
            target.resolve("runtime/postgresql.jar").toString(),
            "--postbootcommandfile",
            Path.of("src/main/payara/post-boot-commands.asadmin").toAbsolutePath().toString());
    // A working folder of its own, as on a host of its own: nothing it writes there is shared.
    Path work = target.resolve("payara-" + name + "-work");
    try {
      java.nio.file.Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("payara-" + name + ".log").toFile());
    builder.environment().putAll(extraEnv);
    try {
      return new PayaraProcess(builder.start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void kill() {
    process.destroyForcibly();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
  }

  /** Whether the server process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the application answers (see {@link ServiceProcess#awaitApi}). */
  public void awaitApi() {
    ServiceProcess.awaitApi(process, baseUri(), "Payara Micro");
  }

  /** A graceful stop (SIGTERM): the server undeploys the application, then exits. */
  public void stop() {
    process.destroy();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
