package com.example.orderservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The built WAR on a WildFly this test starts and may kill (the counterpart of PayaraProcess): the
 * WildFly the build configured, with a server folder of its own so that it shares nothing with the
 * Arquillian-managed one, on ports shifted by {@code wildfly.process.port.offset}.
 */
public final class WildFlyProcess implements ServiceProcess {

  private final Process process;
  private final int port;

  private WildFlyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits until the application answers. */
  public static WildFlyProcess start(String name, Map<String, String> extraEnv) {
    Path home = Path.of(System.getProperty("wildfly.home"));
    int offset = Integer.parseInt(System.getProperty("wildfly.process.port.offset", "3100"));
    Path target = Path.of("target").toAbsolutePath();
    Path server = target.resolve("wildfly-" + name);
    try {
      ServiceProcess.deleteRecursively(server);
      serverFolder(home, server, target.resolve("order-service.war"));
      List<String> command =
          List.of(
              home.resolve("bin/standalone.sh").toString(),
              "-c",
              "standalone-orders.xml",
              "-Djboss.server.base.dir=" + server,
              "-Djboss.socket.binding.port-offset=" + offset);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(target.resolve("wildfly-" + name + ".log").toFile());
      builder.environment().putAll(extraEnv);
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
      WildFlyProcess started = new WildFlyProcess(builder.start(), 8080 + offset);
      try {
        started.awaitApi();
      } catch (RuntimeException e) {
        // A server that never became ready would outlive the test run otherwise.
        started.kill();
        throw e;
      }
      return started;
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
    // The server's JVM is a child of standalone.sh: kill it first, as a crash would.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !process.isAlive() && process.descendants().findAny().isEmpty());
  }

  private void awaitApi() {
    ServiceProcess.awaitApi(process, baseUri(), "WildFly");
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /**
   * Makes {@code server} a WildFly server folder ({@code jboss.server.base.dir}) of its own: the
   * configured {@code home}'s configuration, copied afresh, and {@code war} in its deployment
   * scanner's folder. The installation's own standalone folder stays as the build left it, for the
   * Arquillian-managed server.
   */
  public static void serverFolder(Path home, Path server, Path war) throws IOException {
    Path deployments = server.resolve("deployments");
    ServiceProcess.deleteRecursively(server.resolve("configuration"));
    ServiceProcess.deleteRecursively(deployments);
    copyRecursively(home.resolve("standalone/configuration"), server.resolve("configuration"));
    Files.createDirectories(deployments);
    Files.copy(war, deployments.resolve("order-service.war"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path copy = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
