package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.deploy.HealthCheck;
import java.time.Duration;

/**
 * How long operations wait.
 *
 * @param run    the longest a run may take before chatgeist:run stops waiting for its outcome
 * @param health how long a restarted bot must stay up (deploy's health check)
 * @param poll   the pause between two looks at a job that is still running
 */
public record Waits(Duration run, HealthCheck health, Duration poll) {}
