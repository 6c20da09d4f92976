<#-- Shared body of the batch-job services started by the chatgeist-*.timer units. -->
<#macro service job description>
[Unit]
Description=${description}

[Service]
Type=oneshot
<#if host.scope == "system">
User=${host.user}
</#if>
WorkingDirectory=${host.appDir}
Environment=${sdq("CHATGEIST_HOME=" + host.appDir)}
Environment=${sdq("PATH=" + linuxPath)}
ExecStart=${job.execStart}
StandardOutput=append:${job.outLog}
StandardError=append:${job.outLog}
NoNewPrivileges=yes
</#macro>
<#macro timer job description>
[Unit]
Description=${description}

[Timer]
<#if job.schedule.kind == "cron">
OnCalendar=${job.schedule.onCalendar}
Persistent=true
<#else>
OnBootSec=5min
OnUnitActiveSec=${job.schedule.source}
</#if>
Unit=${job.unit}.service

[Install]
WantedBy=timers.target
</#macro>
