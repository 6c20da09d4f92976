<#import "systemd-job.ftl" as sd>
<@sd.service job=jobs.syncToken description="ChatGeist: refresh the Claude OAuth token for the Docker sandbox"/>
