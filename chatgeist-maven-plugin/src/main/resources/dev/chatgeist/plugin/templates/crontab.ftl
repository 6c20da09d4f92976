<#--
  The lines of the managed crontab block; the plugin wraps them in "# BEGIN chatgeist" / "# END chatgeist".
  cron's PATH is only /usr/bin:/bin, so each line sets its own (docker, claude in ~/.local/bin), and CHATGEIST_JAVA
  tells bin/chatgeist which Java to run (chatgeist_java).
  Every value goes through shq: sh quoting, and % written \% outside the quotes (cron turns a bare % into a newline).
-->
<#list batchJobs as job>
# ${job.id}: ${job.schedule.describe}
${job.schedule.cron} cd ${shq(host.appDir)} && PATH=${shq(linuxPath)} CHATGEIST_JAVA=${shq(host.java)} ${job.shellCommand} >> ${shq(job.outLog)} 2>&1
</#list>
