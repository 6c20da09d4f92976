<#-- Shared body of the batch-job services started by the chatgeist-*.timer units.
     Every value goes through sdq/sdpath/sdtext (systemd quoting and %% for specifiers); see TemplateFunctions. -->
<#macro service job description>
[Unit]
Description=${sdtext(description)}

[Service]
Type=oneshot
<#if host.scope == "system">
User=${sdtext(host.user)}
</#if>
WorkingDirectory=${sdpath(host.appDir)}
Environment=${sdq("CHATGEIST_HOME=" + host.appDir)}
Environment=${sdq("PATH=" + linuxPath)}
Environment=${sdq("CHATGEIST_JAVA=" + host.java)}
ExecStart=${job.execStart}
# the JVM exits with 143 on SIGTERM (systemctl stop): a clean stop, not a failure
SuccessExitStatus=143
StandardOutput=append:${sdpath(job.outLog)}
StandardError=append:${sdpath(job.outLog)}
NoNewPrivileges=yes
</#macro>
<#macro timer job description>
[Unit]
Description=${sdtext(description)}

[Timer]
<#if job.schedule.kind == "cron">
OnCalendar=${job.schedule.onCalendar}
Persistent=true
<#else>
OnBootSec=5min
OnUnitActiveSec=${sdtext(job.schedule.source)}
</#if>
Unit=${job.unit}.service

[Install]
WantedBy=timers.target
</#macro>
