package dev.chatgeist.sql;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** One statement for a worker: the database file it runs on and the statement, already checked by the sandbox. */
record SqlRequest(String databaseFile, String sql) {
    void write(DataOutputStream out) throws IOException {
        SqlFrames.writeString(out, databaseFile);
        SqlFrames.writeString(out, sql);
        out.flush();
    }

    /** The next request, or null when the parent closed the pipe (it stopped or died). */
    static SqlRequest read(DataInputStream in, int maxChars) throws IOException {
        String file;
        try {
            file = SqlFrames.readString(in, maxChars);
        } catch (EOFException e) {
            return null;
        }
        return new SqlRequest(file, SqlFrames.readString(in, maxChars));
    }
}
