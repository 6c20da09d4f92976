[Unit]
Description=ChatGeist Telegram bot
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
<#if host.scope == "system">
User=${sdtext(host.user)}
</#if>
WorkingDirectory=${sdpath(host.appDir)}
Environment=${sdq("CHATGEIST_HOME=" + host.appDir)}
Environment=${sdq("PATH=" + linuxPath)}
Environment=${sdq("CHATGEIST_JAVA=" + host.java)}
ExecStart=${bot.execStart}
Restart=on-failure
RestartSec=10
# the JVM exits with 143 on SIGTERM (systemctl stop/restart): a clean stop, not a failure
SuccessExitStatus=143
NoNewPrivileges=yes
<#if host.scope == "system">
ProtectSystem=strict
PrivateTmp=yes
ReadWritePaths=${sdq(host.appDir)}
</#if>

[Install]
WantedBy=<#if host.scope == "system">multi-user.target<#else>default.target</#if>
