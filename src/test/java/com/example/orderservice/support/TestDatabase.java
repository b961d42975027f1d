package com.example.orderservice.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Straight SQL against the database the service under test uses, for what no API can show or do (a
 * server that is down, a state only a crash leaves behind).
 */
public final class TestDatabase {

  private TestDatabase() {}

  /** The first column of the first row of {@code sql}, run with {@code id} as its parameter. */
  public static String queryFirst(String sql, long id) {
    try (Connection connection = connect();
        var query = connection.prepareStatement(sql)) {
      query.setLong(1, id);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row of {@code sql}, run with {@code id} as its parameter. */
  public static java.util.List<String> queryColumn(String sql, long id) {
    try (Connection connection = connect();
        var query = connection.prepareStatement(sql)) {
      query.setLong(1, id);
      java.util.List<String> values = new java.util.ArrayList<>();
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the statement {@code sql} with {@code id} as its parameter; answers the rows changed. */
  public static int update(String sql, long id) {
    try (Connection connection = connect();
        var statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the statement {@code sql} with {@code text} as its parameter; answers the rows changed.
   */
  public static int update(String sql, String text) {
    try (Connection connection = connect();
        var statement = connection.prepareStatement(sql)) {
      statement.setString(1, text);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the statement {@code sql} as it is (DDL a test sets up and takes down itself). */
  public static void execute(String sql) {
    try (Connection connection = connect();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        System.getenv("DB_URL"), System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
  }
}
