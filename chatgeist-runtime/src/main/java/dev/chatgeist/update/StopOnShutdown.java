package dev.chatgeist.update;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, SIGTERM (the scheduler stopping the job) and Ctrl+C stop the run through a {@link StopSignal}, and the
 * JVM waits up to a minute for it to commit what was received, log its outcome and close, before it exits.
 */
public final class StopOnShutdown implements AutoCloseable {
    private static final long GRACE_SECONDS = 60;

    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);

    public StopOnShutdown(StopSignal signal) {
        hook = new Thread(
                () -> {
                    signal.stop();
                    try {
                        closed.await(GRACE_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "update-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and returns now that the run is closed
        }
    }
}
