<#import "systemd-job.ftl" as sd>
<@sd.timer job=jobs.syncToken description="ChatGeist: run chatgeist-sync-token.service ${jobs.syncToken.schedule.describe}"/>
