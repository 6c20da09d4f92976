package dev.chatgeist.archive;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Which Telegram chat an archive's message ids belong to, kept in its {@code metadata} table. Most archives hold one
 * chat's ids as they are ({@code telegram_chat}, a marked id). A basic group that became a supergroup
 * (https://core.telegram.org/api/channel#migration) continues in a new chat whose ids start again at 1: its messages
 * are stored at telegram id + {@code telegram_id_offset}, the offset being the basic group's last message id
 * ({@code channelFull.migrated_from_max_id}, the id of its messageActionChatMigrateTo). So both parts share one
 * ascending id order, no supergroup message can overwrite a basic group's, and the schema stays the Python version's.
 *
 * @param chat the chat whose ids are stored as they are (the basic group of a migrated chat)
 * @param migratedTo the supergroup it became (marked {@code -100<id>}), 0 when it did not migrate
 * @param offset what is added to the supergroup's ids; 0 when it did not migrate
 */
public record IdOffsets(long chat, long migratedTo, long offset) {
    public static final String KEY_CHAT = "telegram_chat";
    public static final String KEY_MIGRATED_TO = "telegram_migrated_to";
    public static final String KEY_ID_OFFSET = "telegram_id_offset";

    public IdOffsets {
        if (chat == 0 || offset < 0 || (migratedTo == 0) != (offset == 0)) {
            throw new IllegalArgumentException("inconsistent id offsets " + chat + " " + migratedTo + " " + offset);
        }
    }

    /** An archive of {@code chat} alone. */
    public static IdOffsets of(long chat) {
        return new IdOffsets(chat, 0, 0);
    }

    /** This chat, migrated to {@code supergroup} whose ids are stored at id + {@code offset}. */
    public IdOffsets migrated(long supergroup, long offset) {
        return new IdOffsets(chat, supergroup, offset);
    }

    public boolean isMigrated() {
        return migratedTo != 0;
    }

    /** The recorded values; empty when the archive has none (made by import or by an older version). */
    public static Optional<IdOffsets> from(Map<String, String> metadata) {
        String chat = metadata.get(KEY_CHAT);
        if (chat == null) {
            return Optional.empty();
        }
        String to = metadata.get(KEY_MIGRATED_TO);
        String offset = metadata.get(KEY_ID_OFFSET);
        try {
            return Optional.of(new IdOffsets(
                    Long.parseLong(chat.strip()),
                    to == null ? 0 : Long.parseLong(to.strip()),
                    offset == null ? 0 : Long.parseLong(offset.strip())));
        } catch (IllegalArgumentException e) {
            throw new ArchiveException("the archive's metadata " + KEY_CHAT + "=" + chat + ", " + KEY_MIGRATED_TO + "="
                    + to + ", " + KEY_ID_OFFSET + "=" + offset + " do not fit together (edited by hand?); restore "
                    + "them or delete those three rows from the metadata table and run `update` with the chat's "
                    + "original -<id> target");
        }
    }

    /** Writes the three keys (the last two deleted when not migrated) in one transaction. */
    public void recordIn(Archive archive) {
        try {
            Transactions.inTransaction(archive.connection(), () -> {
                archive.putMetadata(KEY_CHAT, Long.toString(chat));
                if (isMigrated()) {
                    archive.putMetadata(KEY_MIGRATED_TO, Long.toString(migratedTo));
                    archive.putMetadata(KEY_ID_OFFSET, Long.toString(offset));
                } else {
                    archive.deleteMetadata(KEY_MIGRATED_TO);
                    archive.deleteMetadata(KEY_ID_OFFSET);
                }
            });
        } catch (SQLException e) {
            throw archive.failure(e);
        }
    }
}
