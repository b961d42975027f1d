package com.example.orderservice.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL for development and tests, started on a chosen port and durable (every
 * commit flushed to disk). With a data folder it keeps its data across restarts; without one it
 * starts empty.
 */
public final class LocalDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;

  private LocalDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL on {@code port}, keeping its files in {@code dataDirectory} if given. */
  public static LocalDatabase start(int port, Path dataDirectory) {
    try {
      // zonky starts PostgreSQL without fsync and with synchronous_commit off; a commit of this
      // service must survive a crash here as on a real server, and benchmarks must pay for it.
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on");
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      return new LocalDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
