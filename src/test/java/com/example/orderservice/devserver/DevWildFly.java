package com.example.orderservice.devserver;

import com.example.orderservice.support.WildFlyProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The run command's WildFly ({@code mvn -Prun,wildfly package}): starts the WildFly that the build
 * unpacked and configured ({@code src/main/wildfly/configure.sh}) with the built WAR, on {@code
 * PORT}, with the same environment as Payara Micro gets, in the server folder {@code
 * target/wildfly-run}.
 */
final class DevWildFly {

  private DevWildFly() {}

  /** Starts it; the WAR is deployed by the server's deployment scanner at start-up. */
  static Process start(Path root, Map<String, String> env, String port) throws IOException {
    Path home = Path.of(System.getProperty("wildfly.home"));
    // A server folder of its own (data kept, configuration and WAR fresh): a WAR left in the
    // installation's deployments folder would be deployed twice by the tests' server.
    Path server = root.resolve("target/wildfly-run");
    WildFlyProcess.serverFolder(home, server, root.resolve("target/order-service.war"));
    String management = env.getOrDefault("DEV_WILDFLY_MANAGEMENT_PORT", "9990");
    List<String> command =
        List.of(
            home.resolve("bin/standalone.sh").toString(),
            "-c",
            "standalone-orders.xml",
            "-Djboss.server.base.dir=" + server,
            "-Djboss.http.port=" + port,
            "-Djboss.management.http.port=" + management);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // The script then forwards SIGTERM to the server's JVM instead of leaving it behind.
    builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
    return builder.start();
  }

  /** Where WildFly serves what Payara serves on the HTTP port. */
  static String managementUrl(Map<String, String> env) {
    return "http://localhost:" + env.getOrDefault("DEV_WILDFLY_MANAGEMENT_PORT", "9990");
  }
}
