package com.example.orderservice.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the schema migrations have run and while the database answers: {@code GET
 * /health/ready}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  // By its reference's full name: on WildFly a CDI bean's @Resource(name = ...) was given the
  // server's default datasource (H2) instead of the one the reference maps to.
  @Resource(lookup = DatabaseMigrator.DATASOURCE_REFERENCE)
  DataSource dataSource;

  // Made when the application starts, where its naming context is set up: WildFly calls health
  // checks on its management threads, where the reference could not be resolved.
  void createdAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {}

  @Override
  public HealthCheckResponse call() {
    if (!MigrationStatus.migrated()) {
      return HealthCheckResponse.named("database").down().withData("schema", "migrating").build();
    }
    try (Connection connection = dataSource.getConnection()) {
      return HealthCheckResponse.named("database").status(connection.isValid(2)).build();
    } catch (SQLException e) {
      // The driver's message names hosts and ports; the state code says enough.
      return HealthCheckResponse.named("database")
          .down()
          .withData("sql_state", String.valueOf(e.getSQLState()))
          .build();
    }
  }
}
