package dev.chatgeist.sql;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's answer to one {@link SqlRequest}: either the capped rows (with the truncation notice, null when
 * nothing was cut) or the refusal message for the model. Sent as one frame whose length the parent checks first.
 */
record SqlReply(List<String> columns, List<List<String>> rows, String notice, String refusal) {
    static SqlReply refused(String message) {
        return new SqlReply(List.of(), List.of(), null, message);
    }

    byte[] frame() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBoolean(refusal != null);
        if (refusal != null) {
            SqlFrames.writeString(out, refusal);
        } else {
            out.writeInt(columns.size());
            for (String c : columns) {
                SqlFrames.writeString(out, c);
            }
            out.writeInt(rows.size());
            for (List<String> r : rows) {
                for (String v : r) {
                    SqlFrames.writeString(out, v);
                }
            }
            out.writeBoolean(notice != null);
            if (notice != null) {
                SqlFrames.writeString(out, notice);
            }
        }
        out.flush();
        ByteArrayOutputStream framed = new ByteArrayOutputStream(bytes.size() + 4);
        new DataOutputStream(framed).writeInt(bytes.size());
        bytes.writeTo(framed);
        return framed.toByteArray();
    }

    /** Reads one frame; a frame longer than {@code maxBytes} is refused before its body is allocated. */
    static SqlReply read(DataInputStream in, int maxBytes) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new IOException("the worker's reply of " + length + " bytes exceeds the cap of " + maxBytes);
        }
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(in.readNBytes(length)));
        if (body.readBoolean()) {
            return refused(SqlFrames.readString(body, length));
        }
        int cols = body.readInt();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < cols; i++) {
            columns.add(SqlFrames.readString(body, length));
        }
        int n = body.readInt();
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<String> row = new ArrayList<>(cols);
            for (int i = 0; i < cols; i++) {
                row.add(SqlFrames.readString(body, length));
            }
            rows.add(List.copyOf(row));
        }
        String notice = body.readBoolean() ? SqlFrames.readString(body, length) : null;
        return new SqlReply(List.copyOf(columns), List.copyOf(rows), notice, null);
    }
}
