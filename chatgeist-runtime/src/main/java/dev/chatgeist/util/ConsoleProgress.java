package dev.chatgeist.util;

import dev.chatgeist.source.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line for long work on a terminal: rows so far, rate and ETA, redrawn in place at most five times a
 * second. Off the terminal (cron, launchd, pipes) it prints nothing, so logs stay one line per event.
 */
public final class ConsoleProgress implements Progress {
    private final PrintWriter out;
    private final boolean enabled;
    private final String label;
    private final long started = System.nanoTime();
    private volatile long rows;
    private volatile double fraction = -1;
    private long lastDraw;
    private boolean drawn;

    public ConsoleProgress(PrintWriter out, boolean enabled, String label) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
    }

    /** Sources report how far they are through their input. */
    @Override
    public void update(long done, long total) {
        if (total > 0) {
            fraction = Math.min(1.0, (double) done / total);
        }
        maybeDraw();
    }

    /** The writer reports rows stored. */
    public void rows(long stored) {
        rows = stored;
        maybeDraw();
    }

    private synchronized void maybeDraw() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double secs = (now - started) / 1e9;
        String rate = secs > 0 ? String.format(Locale.ROOT, "%,.0f/s", rows / secs) : "-";
        String eta = "";
        double f = fraction;
        if (f > 0.001 && f < 1) {
            long left = (long) (secs * (1 - f) / f);
            eta = String.format(Locale.ROOT, "  %3.0f%%  ETA %d:%02d", f * 100, left / 60, left % 60);
        }
        out.print(String.format(Locale.ROOT, "\r%s: %,d messages  %s%s   ", label, rows, rate, eta));
        out.flush();
        drawn = true;
    }

    /** Clears the progress line. */
    public synchronized void done() {
        if (drawn) {
            out.print("\r" + " ".repeat(78) + "\r");
            out.flush();
            drawn = false;
        }
    }
}
