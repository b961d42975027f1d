package com.example.orderservice.imports.control;

import com.example.orderservice.platform.DatabaseMigrator;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Keeps import files in PostgreSQL ({@code import_files}, {@code import_file_chunks}), where every
 * instance can read them: written and read back a chunk of at most 1 MiB at a time, each chunk a
 * short statement of its own, so neither memory nor a transaction grows with the file.
 */
@ApplicationScoped
public class ImportFiles {

  static final int CHUNK_BYTES = 1 << 20;

  // By its reference's full name: on WildFly a CDI bean's @Resource(name = ...) was given the
  // server's default datasource (H2) instead of the one the reference maps to.
  @Resource(lookup = DatabaseMigrator.DATASOURCE_REFERENCE)
  DataSource dataSource;

  /** A new, empty file; its chunks follow through {@link #writer}. */
  public long create() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO import_files DEFAULT VALUES", Statement.RETURN_GENERATED_KEYS)) {
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store an import file", e);
    }
  }

  /** A stream that appends to file {@code fileId} a chunk at a time. */
  public OutputStream writer(long fileId) {
    return new ChunkWriter(fileId);
  }

  /** The bytes of file {@code fileId}, read a chunk at a time. */
  public InputStream reader(long fileId) {
    return new ChunkReader(fileId);
  }

  /** Removes the file and its chunks (nothing when it is gone already). */
  public void delete(long fileId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement("DELETE FROM import_files WHERE id = ?")) {
      delete.setLong(1, fileId);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove import file " + fileId, e);
    }
  }

  private void writeChunk(long fileId, int seq, byte[] data, int length) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "WITH chunk AS (INSERT INTO import_file_chunks (file_id, seq, data)"
                    + " VALUES (?, ?, ?))"
                    + " UPDATE import_files SET bytes = bytes + ? WHERE id = ?")) {
      insert.setLong(1, fileId);
      insert.setInt(2, seq);
      insert.setBinaryStream(3, new java.io.ByteArrayInputStream(data, 0, length), length);
      insert.setLong(4, length);
      insert.setLong(5, fileId);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot store an import file", e));
    }
  }

  private byte[] readChunk(long fileId, int seq) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT data FROM import_file_chunks WHERE file_id = ? AND seq = ?")) {
      select.setLong(1, fileId);
      select.setInt(2, seq);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot read import file " + fileId, e));
    }
  }

  /** Buffers up to a chunk, then stores it. */
  private final class ChunkWriter extends OutputStream {
    private final long fileId;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private int filled;
    private int seq;

    ChunkWriter(long fileId) {
      this.fileId = fileId;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == buffer.length) {
          flushChunk();
        }
      }
    }

    private void flushChunk() {
      if (filled > 0) {
        writeChunk(fileId, seq++, buffer, filled);
        filled = 0;
      }
    }

    @Override
    public void close() {
      flushChunk();
    }
  }

  /** Fetches the next chunk when the current one is used up. */
  private final class ChunkReader extends InputStream {
    private final long fileId;
    private byte[] chunk = new byte[0];
    private int position;
    private int seq;
    private boolean ended;

    ChunkReader(long fileId) {
      this.fileId = fileId;
    }

    private boolean fill() {
      while (!ended && position == chunk.length) {
        byte[] next = readChunk(fileId, seq++);
        if (next == null) {
          ended = true;
        } else {
          chunk = next;
          position = 0;
        }
      }
      return position < chunk.length;
    }

    @Override
    public int read() {
      return fill() ? chunk[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, chunk.length - position);
      System.arraycopy(chunk, position, b, off, n);
      position += n;
      return n;
    }
  }
}
