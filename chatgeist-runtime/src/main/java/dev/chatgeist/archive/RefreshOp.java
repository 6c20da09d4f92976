package dev.chatgeist.archive;

/** One call to a {@link RefreshWriter}, queued until its batch's transaction applies it ({@link RefreshRows}). */
sealed interface RefreshOp {
    long id();

    /** Characters of text it holds: batches end at a size as well as a count. */
    long chars();

    record Current(MessageRow row) implements RefreshOp {
        @Override
        public long id() {
            return row.id();
        }

        @Override
        public long chars() {
            return row.textLength();
        }
    }

    record Counters(long id, Long views, Long forwards) implements RefreshOp {
        @Override
        public long chars() {
            return 0;
        }
    }

    record Reactions(long id, long count, String detail) implements RefreshOp {
        @Override
        public long chars() {
            return detail == null ? 0 : detail.length();
        }
    }

    record Gone(long id) implements RefreshOp {
        @Override
        public long chars() {
            return 0;
        }
    }
}
