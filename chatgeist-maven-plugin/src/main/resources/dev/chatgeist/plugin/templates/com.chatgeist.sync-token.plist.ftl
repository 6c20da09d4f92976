<#import "launchd.ftl" as launchd>
<#assign job = jobs.syncToken>
<@launchd.agent label=job.label args=job.args outLog=job.outLog interval=job.schedule.seconds calendar=job.schedule.calendar/>
