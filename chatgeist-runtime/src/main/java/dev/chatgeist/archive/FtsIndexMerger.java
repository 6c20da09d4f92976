package dev.chatgeist.archive;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts FTS5 indexes built in separate scratch databases (one per core, each over a disjoint set of rows) together
 * as the archive's index: each shard's single segment becomes one segment of the archive's index.
 *
 * <p>This writes FTS5's shadow tables directly, in the layout documented at the top of SQLite's
 * {@code ext/fts5/fts5_index.c}: the structure record (rowid 10: a 4-byte cookie, then varints — levels, segments,
 * write counter, and per level the merge count, segment count and each segment's id and first/last leaf page),
 * the averages record (rowid 1: varints — rows, then tokens per column), and segment pages whose rowids carry the
 * segment id in their top bits ({@code segid << 37}). Only the legacy (V1) structure format is accepted — the one
 * tables without {@code contentless_delete} use; anything else is refused and the caller rebuilds the index with
 * FTS5's own {@code rebuild}. The tests check every merged index with FTS5's {@code integrity-check}.
 */
final class FtsIndexMerger {
    private static final long AVERAGES_ROWID = 1;
    private static final long STRUCTURE_ROWID = 10;
    private static final int SEGID_SHIFT = 37; // FTS5_DATA_PAGE_B + FTS5_DATA_HEIGHT_B + FTS5_DATA_DLI_B
    private static final String TABLE = "messages_fts";

    /** One shard's index: its single segment (or none, if it saw no rows). */
    record Shard(
            String schema,
            byte[] cookie,
            int levels,
            long writeCounter,
            Integer segid,
            int pgnoFirst,
            int pgnoLast,
            long[] averages) {}

    private FtsIndexMerger() {}

    /** Replaces the archive's FTS index with the union of the shards' indexes, in one transaction. */
    static void merge(Path archive, List<Path> shardFiles) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + archive.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                for (int i = 0; i < shardFiles.size(); i++) {
                    st.execute("ATTACH DATABASE '"
                            + shardFiles.get(i).toAbsolutePath().toString().replace("'", "''") + "' AS shard" + i);
                }
            }
            List<Shard> shards = new ArrayList<>();
            for (int i = 0; i < shardFiles.size(); i++) {
                Shard s = read(c, "shard" + i);
                if (s != null) {
                    shards.add(s);
                }
            }
            if (shards.isEmpty()) {
                throw new IllegalStateException("no shard holds an index");
            }
            Transactions.inTransaction(c, () -> replaceIndex(c, shards));
        }
    }

    /** Empties the archive's index tables and fills them from {@code shards}, in the caller's transaction. */
    private static void replaceIndex(Connection c, List<Shard> shards) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String t : List.of("_data", "_idx", "_docsize")) {
                st.execute("DELETE FROM main." + TABLE + t);
            }
            int nextSegid = 1;
            int levels = 1;
            long writeCounter = 0;
            long[] averages = null;
            List<int[]> segments = new ArrayList<>();
            for (Shard s : shards) {
                st.execute("INSERT INTO main." + TABLE + "_docsize SELECT * FROM " + s.schema() + "." + TABLE
                        + "_docsize");
                writeCounter += s.writeCounter();
                averages = add(averages, s.averages());
                if (s.segid() == null) {
                    continue;
                }
                int segid = nextSegid++;
                long delta = ((long) segid - s.segid()) << SEGID_SHIFT;
                st.execute("INSERT INTO main." + TABLE + "_data (id, block) SELECT id + (" + delta + "), block FROM "
                        + s.schema() + "." + TABLE + "_data WHERE id NOT IN (" + AVERAGES_ROWID + ", " + STRUCTURE_ROWID
                        + ")");
                st.execute("INSERT INTO main." + TABLE + "_idx (segid, term, pgno) SELECT " + segid
                        + ", term, pgno FROM " + s.schema() + "." + TABLE + "_idx");
                segments.add(new int[] {segid, s.pgnoFirst(), s.pgnoLast()});
                levels = Math.max(levels, s.levels());
            }
            put(c, AVERAGES_ROWID, averages == null ? new byte[0] : varints(averages));
            put(c, STRUCTURE_ROWID, structure(shards.get(0).cookie(), levels, writeCounter, segments));
        }
    }

    private static Shard read(Connection c, String schema) throws SQLException {
        byte[] structure = block(c, schema, STRUCTURE_ROWID);
        byte[] averagesBlob = block(c, schema, AVERAGES_ROWID);
        if (structure == null || averagesBlob == null) {
            return null; // a shard that never received a row
        }
        int[] pos = {4};
        if (structure.length >= 8 && (structure[4] & 0xFF) == 0xFF) {
            throw new IllegalStateException(schema + ": V2 structure record (contentless_delete) is not supported");
        }
        byte[] cookie = java.util.Arrays.copyOf(structure, 4);
        int levels = (int) getVarint(structure, pos);
        int segments = (int) getVarint(structure, pos);
        long writeCounter = getVarint(structure, pos);
        Integer segid = null;
        int first = 0;
        int last = 0;
        for (int level = 0; level < levels; level++) {
            long merging = getVarint(structure, pos);
            long count = getVarint(structure, pos);
            if (merging != 0) {
                throw new IllegalStateException(schema + ": an incremental merge is in progress");
            }
            for (long k = 0; k < count; k++) {
                if (segid != null) {
                    throw new IllegalStateException(schema + ": more than one segment (optimize first)");
                }
                segid = (int) getVarint(structure, pos);
                first = (int) getVarint(structure, pos);
                last = (int) getVarint(structure, pos);
            }
        }
        if (pos[0] != structure.length || (segid == null ? 0 : 1) != segments) {
            throw new IllegalStateException(schema + ": unexpected structure record layout");
        }
        if (segid != null) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT COUNT(*) FROM " + schema + "." + TABLE + "_data WHERE id NOT IN (" + AVERAGES_ROWID
                                    + ", " + STRUCTURE_ROWID + ") AND (id >> " + SEGID_SHIFT + ") <> " + segid)) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new IllegalStateException(schema + ": pages outside its segment");
                }
            }
        }
        List<Long> avg = new ArrayList<>();
        int[] p = {0};
        while (p[0] < averagesBlob.length) {
            avg.add(getVarint(averagesBlob, p));
        }
        return new Shard(
                schema,
                cookie,
                levels,
                writeCounter,
                segid,
                first,
                last,
                avg.stream().mapToLong(Long::longValue).toArray());
    }

    private static byte[] block(Connection c, String schema, long rowid) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT block FROM " + schema + "." + TABLE + "_data WHERE id = ?")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static void put(Connection c, long rowid, byte[] block) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO main." + TABLE + "_data (id, block) VALUES (?, ?)")) {
            ps.setLong(1, rowid);
            ps.setBytes(2, block);
            ps.executeUpdate();
        }
    }

    private static long[] add(long[] sum, long[] more) {
        if (more.length == 0) {
            return sum; // an empty index writes an empty averages record
        }
        if (sum == null) {
            return more.clone();
        }
        if (sum.length != more.length) {
            throw new IllegalStateException("averages records of different widths");
        }
        long[] out = sum.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += more[i];
        }
        return out;
    }

    /** All segments on the top level, oldest first; the levels below stay empty. */
    static byte[] structure(byte[] cookie, int levels, long writeCounter, List<int[]> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(cookie);
        putVarint(out, levels);
        putVarint(out, segments.size());
        putVarint(out, writeCounter);
        for (int level = 0; level < levels; level++) {
            putVarint(out, 0);
            if (level < levels - 1) {
                putVarint(out, 0);
                continue;
            }
            putVarint(out, segments.size());
            for (int[] s : segments) {
                putVarint(out, s[0]);
                putVarint(out, s[1]);
                putVarint(out, s[2]);
            }
        }
        return out.toByteArray();
    }

    private static byte[] varints(long[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : values) {
            putVarint(out, v);
        }
        return out.toByteArray();
    }

    /** SQLite's varint: big-endian 7-bit groups with a continuation bit; a ninth byte carries 8 bits. */
    static void putVarint(ByteArrayOutputStream out, long v) {
        if ((v & (0xFFL << 56)) != 0) {
            byte[] buf = new byte[9];
            buf[8] = (byte) v;
            v >>>= 8;
            for (int i = 7; i >= 0; i--) {
                buf[i] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.writeBytes(buf);
            return;
        }
        byte[] buf = new byte[9];
        int n = 0;
        do {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        } while (v != 0);
        buf[0] &= 0x7F;
        for (int i = n - 1; i >= 0; i--) {
            out.write(buf[i]);
        }
    }

    static long getVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            if (pos[0] >= b.length) {
                throw new IllegalStateException("truncated varint");
            }
            int x = b[pos[0]++] & 0xFF;
            v = (v << 7) | (x & 0x7F);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        if (pos[0] >= b.length) {
            throw new IllegalStateException("truncated varint");
        }
        return (v << 8) | (b[pos[0]++] & 0xFF);
    }
}
