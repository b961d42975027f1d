package com.example.orderservice.platform;

import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells from an exception's causes what the database said: unreachable (try again later), a
 * transient conflict (try again now), or a refusal of the data itself. Decided by SQLState and
 * exception types, never by message text, since messages change with driver versions and locales.
 */
public final class DatabaseFailures {

  /** What a failed database call means for the caller. */
  public enum Kind {
    /** No connection: the database is down, restarting or out of reach. Retry later. */
    UNAVAILABLE,
    /** Deadlock, serialization failure, lock timeout: the same work may succeed right away. */
    TRANSIENT,
    /** The database refused the data (too long, out of range, NUL, constraint): it never will. */
    REFUSED_DATA,
    /** Anything else, or no database failure at all. */
    OTHER
  }

  private DatabaseFailures() {}

  /** How the database failure somewhere in {@code failure}'s causes is to be treated. */
  public static Kind classify(Throwable failure) {
    Kind found = Kind.OTHER;
    for (Throwable cause : causes(failure)) {
      Kind kind = kindOf(cause);
      // An unreachable database explains every other symptom it causes; it wins.
      if (kind == Kind.UNAVAILABLE) {
        return kind;
      }
      if (found == Kind.OTHER) {
        found = kind;
      }
    }
    return found;
  }

  public static boolean isUnavailable(Throwable failure) {
    return classify(failure) == Kind.UNAVAILABLE;
  }

  /** The first SQLState found among the causes, e.g. {@code 23505}. */
  public static Optional<String> sqlState(Throwable failure) {
    for (Throwable cause : causes(failure)) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }

  private static Kind kindOf(Throwable cause) {
    // The pool could not hand out a connection (Payara: "Connection could not be allocated").
    if (cause instanceof ResourceException
        || cause instanceof SQLTransientConnectionException
        || cause instanceof SQLNonTransientConnectionException
        || cause instanceof ConnectException) {
      return Kind.UNAVAILABLE;
    }
    if (!(cause instanceof SQLException sql) || sql.getSQLState() == null) {
      return Kind.OTHER;
    }
    String state = sql.getSQLState();
    if (state.startsWith("08") // connection exception
        || state.equals("57P01") // admin shutdown
        || state.equals("57P02") // crash shutdown
        || state.equals("57P03") // cannot connect now (starting up, recovering)
        || state.equals("53300")) { // too many connections
      return Kind.UNAVAILABLE;
    }
    if (state.startsWith("40") || state.equals("55P03")) { // rollback; lock not available
      return Kind.TRANSIENT;
    }
    if (state.startsWith("22") || state.startsWith("23")) { // data exception; constraint
      return Kind.REFUSED_DATA;
    }
    return Kind.OTHER;
  }

  /** The causes of {@code failure}, outermost first, with the chained exceptions of a batch. */
  private static List<Throwable> causes(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> ordered = new ArrayList<>();
    Deque<Throwable> todo = new ArrayDeque<>();
    if (failure != null) {
      todo.add(failure);
    }
    while (!todo.isEmpty() && ordered.size() < 64) {
      Throwable next = todo.poll();
      if (!seen.add(next)) {
        continue;
      }
      ordered.add(next);
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      // pgjdbc reports the statement that failed in a batch as the next exception.
      if (next instanceof SQLException sql && sql.getNextException() != null) {
        todo.add(sql.getNextException());
      }
      if (next instanceof EJBException ejb && ejb.getCausedByException() != null) {
        todo.add(ejb.getCausedByException());
      }
    }
    return ordered;
  }
}
