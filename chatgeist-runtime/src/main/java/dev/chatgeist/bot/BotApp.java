package dev.chatgeist.bot;

import dev.chatgeist.analyst.Analyst;
import dev.chatgeist.analyst.ApiAnalyst;
import dev.chatgeist.analyst.ApiConfig;
import dev.chatgeist.analyst.ChartTools;
import dev.chatgeist.analyst.DockerAnalyst;
import dev.chatgeist.bot.telegram.TelegramConnection;
import dev.chatgeist.chart.ChartMaker;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.report.PdfReport;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlSandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running bot, assembled from the home and its settings: bot.db, logs/bot.log, the analyst chosen by
 * {@code CHATGEIST_ANALYST}, the SQL sandbox over {@code databases/}, the prompts, the PDF report and the
 * Telegram connection. {@code chatgeist bot} starts one and waits; tests start and close it in process.
 */
public final class BotApp implements AutoCloseable {
    private final BotSettings settings;
    private final EventLog log;
    private final BotStore store;
    private final TelegramConnection telegram;
    private final BotCore core;
    private final Analyst analyst;
    private final List<SqlSandbox> sandboxes;

    private BotApp(
            BotSettings settings,
            EventLog log,
            BotStore store,
            TelegramConnection telegram,
            BotCore core,
            Analyst analyst,
            List<SqlSandbox> sandboxes) {
        this.sandboxes = sandboxes;
        this.settings = settings;
        this.log = log;
        this.store = store;
        this.telegram = telegram;
        this.core = core;
        this.analyst = analyst;
    }

    /** Builds the bot; configuration problems are reported as user errors before anything starts. */
    public static BotApp create(
            Home home, Map<String, String> environment, ZoneId zone, PrintWriter out, PrintWriter err) {
        Settings s = Settings.load(home, environment);
        BotSettings bs = BotSettings.from(s, zone);
        SqlLimits limits = SqlLimits.DEFAULT.withTimeout(Duration.ofMillis(s.getInt("CHATGEIST_SQL_TIMEOUT_MS", 3000)));
        SqlSandbox sandbox = new SqlSandbox(home.databasesDir(), limits, bs.maxConcurrent());
        Optional<Path> emojiFont = PdfReport.findEmojiFont(s.get("CHATGEIST_PDF_EMOJI_FONT"));
        // the charts' queries go through the same sandbox rules, with room for a chart's rows; its workers start
        // with those limits, so they are a pool of their own (one kept warm: charts are rarer than queries)
        SqlSandbox chartSandbox = new SqlSandbox(home.databasesDir(), ChartMaker.sqlLimits(limits), 1);
        ChartTools charts = new ChartTools(chartSandbox, ChartRenderer.loadingFonts(emojiFont), bs.locale());
        Analyst analyst = bs.analyst().equals("docker")
                ? new DockerAnalyst(
                        DockerAnalyst.findOnPath("docker", environment.get("PATH")),
                        Duration.ofMinutes(s.getInt("CHATGEIST_DOCKER_TIMEOUT_MINUTES", 20)),
                        charts)
                : new ApiAnalyst(ApiConfig.from(s), sandbox, charts);
        PdfReport report = new PdfReport(emojiFont);
        EventLog log = new EventLog(home.logsDir().resolve("bot.log"), out, err);
        BotStore store = BotStore.open(home.dir().resolve("bot.db"));
        TelegramConnection telegram = new TelegramConnection(bs, log);
        BotCore core = new BotCore(
                bs,
                home.databasesDir(),
                store,
                telegram.messenger(),
                analyst,
                new Prompts(home.promptsDir()),
                report,
                log,
                charts);
        return new BotApp(bs, log, store, telegram, core, analyst, List.of(sandbox, chartSandbox));
    }

    /** Connects to Telegram (waiting while it is unreachable) and starts answering. */
    public void start() throws InterruptedException {
        core.start();
        String name = telegram.start(core::handle);
        log.info(
                "bot @" + name + " is running (analyst " + analyst.name() + ", at most " + settings.maxConcurrent()
                        + " analyses at once, " + settings.dailyLimit() + " questions per user a day)",
                "bot_started username=" + name + " analyst=" + analyst.name() + " max_concurrent="
                        + settings.maxConcurrent() + " daily_limit=" + settings.dailyLimit() + " api="
                        + settings.apiUrl());
    }

    /** Asks a starting or running bot to stop receiving (from a shutdown hook); {@link #close()} finishes. */
    public void requestStop() {
        telegram.stopPolling();
    }

    public int maxConcurrentSeen() {
        return core.maxConcurrentSeen();
    }

    @Override
    public void close() {
        telegram.drain(); // no new updates; those in hand are finished
        core.close(); // running analyses are cancelled and report it
        telegram.close();
        sandboxes.forEach(SqlSandbox::close); // their SQL worker processes
        store.close();
        log.info("bot stopped", "bot_stopped");
        log.close();
    }
}
