package dev.chatgeist.source;

import dev.chatgeist.archive.MessageRow;

/**
 * Hands a file source's rows to the sink as the request asks: rows without an id counted as skipped, rows at or
 * below {@code afterId} left out, at most {@code limit} delivered.
 */
final class Delivery {
    private final FetchRequest request;
    private final RowSink sink;
    private final SourceReport report;
    private long delivered;

    Delivery(FetchRequest request, RowSink sink, SourceReport report) {
        this.request = request;
        this.sink = sink;
        this.report = report;
    }

    /** Offers one row (null: an entry without an id); false once the limit is reached. */
    boolean offer(MessageRow row) throws InterruptedException {
        if (row == null) {
            report.skipped();
        } else if (row.id() > request.afterId()) {
            sink.accept(row);
            report.delivered();
            return request.limit() == 0 || ++delivered < request.limit();
        }
        return true;
    }
}
