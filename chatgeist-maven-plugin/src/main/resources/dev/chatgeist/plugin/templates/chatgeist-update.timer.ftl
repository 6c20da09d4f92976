<#import "systemd-job.ftl" as sd>
<@sd.timer job=jobs.update description="ChatGeist: run chatgeist-update.service ${jobs.update.schedule.describe}"/>
