package dev.chatgeist.bot;

import dev.chatgeist.analyst.Analyst;
import dev.chatgeist.analyst.ChartTools;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.report.ChatReport;
import dev.chatgeist.report.PdfReport;
import java.nio.file.Path;

/**
 * The bot's behaviour, free of Telegram's types: refuses users outside the allow list and routes each update —
 * a command to {@link Commands}, a question to {@link Questions}, a button press by its {@link CallbackData} to
 * the chat choice, the dossier's chat picker or the job runner. The Telegram edge feeds it {@link Incoming}
 * updates and carries out what it asks of the {@link Messenger}. See docs/dev/bot.md for the parts.
 */
public final class BotCore implements AutoCloseable {
    private final BotSettings settings;
    private final Messenger messenger;
    private final Texts texts;
    private final EventLog log;
    private final ChatChoice chats;
    private final Commands commands;
    private final Questions questions;
    private final DossierFlow dossier;
    private final JobRunner runner;
    private volatile boolean closing;

    public BotCore(
            BotSettings settings,
            Path databasesDir,
            BotStore store,
            Messenger messenger,
            Analyst analyst,
            Prompts prompts,
            PdfReport report,
            EventLog log,
            ChartTools charts) {
        this.settings = settings;
        this.messenger = messenger;
        this.texts = new Texts(settings.locale());
        this.log = log;
        DailyQuota quota = new DailyQuota(store, settings);
        DeliveryLocks deliveryLocks = new DeliveryLocks();
        QuestionLog questionLog = new QuestionLog(log, analyst.name());
        this.chats = new ChatChoice(databasesDir, store, messenger, texts, log);
        this.commands = new Commands(
                chats,
                quota,
                messenger,
                texts,
                new ChatReport(report, charts.renderer()),
                databasesDir,
                settings.locale(),
                log); // one renderer (and one set of loaded fonts) for all charts
        this.runner = new JobRunner(
                settings,
                store,
                quota,
                messenger,
                analyst,
                prompts,
                texts,
                log,
                questionLog,
                new Delivery(messenger, report, texts),
                deliveryLocks,
                new DossierCharts(charts, texts, settings.locale(), settings.zone()));
        this.dossier = new DossierFlow(messenger, texts, runner);
        this.questions =
                new Questions(chats, store, quota, deliveryLocks, dossier, runner, messenger, texts, questionLog);
    }

    /** Most analyses that ran at the same time (for the benchmark's check of the cap). */
    public int maxConcurrentSeen() {
        return runner.maxConcurrentSeen();
    }

    public void handle(Incoming in) {
        if (closing) {
            return; // not confirmed to Telegram: the next run receives it again
        }
        try {
            if (!settings.allowed(in.userId())) {
                refuse(in);
            } else if (in instanceof Incoming.Text t) {
                if (t.command() != null) {
                    commands.run(t);
                } else {
                    questions.ask(t);
                }
            } else if (in instanceof Incoming.Callback cb) {
                press(cb);
            }
        } catch (MessengerException e) {
            log.warn(
                    "cannot answer user " + in.userId() + ": " + e.getMessage(),
                    "telegram_error user=" + in.userId() + " code=" + e.code() + " error="
                            + EventLog.q(e.getMessage()));
        } catch (RuntimeException e) {
            log.error(
                    "failed to handle an update of user " + in.userId() + ": " + e,
                    "bot_error user=" + in.userId() + " error=" + EventLog.q(e.toString()));
        }
    }

    private void refuse(Incoming in) throws MessengerException {
        if (in instanceof Incoming.Callback cb) {
            messenger.answerCallback(cb.callbackId(), texts.plain("not_allowed", in.userId()));
        } else {
            messenger.send(in.chatId(), texts.get("not_allowed", in.userId()), Format.HTML, null, null);
        }
        log.fileOnly("INFO", "refused user=" + in.userId() + " reason=not_in_allow_list");
    }

    private void press(Incoming.Callback cb) throws MessengerException {
        CallbackData data = CallbackData.parse(cb.data());
        if (data instanceof CallbackData.ChooseChat choose) {
            chats.press(cb, choose);
        } else if (data instanceof CallbackData.Cancel cancel) {
            runner.cancel(cb, cancel);
        } else if (data instanceof CallbackData.DossierPress dossierPress) {
            dossier.press(cb, dossierPress);
        } else {
            messenger.answerCallback(cb.callbackId(), null); // stops the button's spinner
        }
    }

    /** Starts refreshing the queue places of waiting jobs every status interval. */
    public void start() {
        runner.start();
    }

    /** Stops: cancels every running analysis and waits briefly for the workers. */
    @Override
    public void close() {
        closing = true;
        commands.close();
        runner.close();
    }
}
