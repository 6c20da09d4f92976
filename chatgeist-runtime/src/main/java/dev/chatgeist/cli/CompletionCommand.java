package dev.chatgeist.cli;

import dev.chatgeist.core.UserException;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script for bash or zsh (commands, options, chat-independent).",
            "bash: add  source <(chatgeist completion bash)  to ~/.bashrc.",
            "zsh:  add  source <(chatgeist completion zsh)  to ~/.zshrc."
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    @Parameters(paramLabel = "bash|zsh", description = "The shell.")
    String shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("chatgeist", spec.root().commandLine());
        switch (shell) {
            case "bash" -> root.cli.out().print(script);
            // zsh runs the bash script through its bash-completion emulation
            case "zsh" ->
                root.cli
                        .out()
                        .print("autoload -U +X compinit && compinit\n" + "autoload -U +X bashcompinit && bashcompinit\n"
                                + script);
            default ->
                throw new UserException("unknown shell '" + shell + "': use `chatgeist completion bash` or "
                        + "`chatgeist completion zsh`");
        }
        root.cli.out().flush();
        return 0;
    }
}
