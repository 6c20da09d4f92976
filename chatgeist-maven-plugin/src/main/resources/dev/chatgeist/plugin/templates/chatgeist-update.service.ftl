<#import "systemd-job.ftl" as sd>
<@sd.service job=jobs.update description="ChatGeist: archive new messages of every chat in targets.json"/>
