package dev.chatgeist.update;

import java.time.Instant;

/**
 * One chat's refresh: {@code windowStart} the oldest message date (unix seconds) inside the window, 0 = the whole
 * history; {@code forced} every page of the window now, else only what the budget pays for; {@code state} what
 * the previous run left; {@code wholeAt} when the scheduled pass over the whole window was last made, to save
 * after this run (0: no such schedule).
 */
public record RefreshRequest(
        String alias, Instant now, long windowStart, boolean forced, RefreshState state, long wholeAt) {}
